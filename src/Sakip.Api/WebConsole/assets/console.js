// Progressive enhancement only: every page reads and every form works without this script.
document.addEventListener("DOMContentLoaded", () => {
  // The print views' button: the browser's own print dialog (A4 landscape is set by the style sheet).
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  // Filters that apply as soon as a choice is made.
  for (const select of document.querySelectorAll("select[data-submit]")) {
    select.addEventListener("change", () => select.form && select.form.requestSubmit());
  }
});
