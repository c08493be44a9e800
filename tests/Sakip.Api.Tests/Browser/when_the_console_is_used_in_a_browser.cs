using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Sakip.Api.Infrastructure.Auth;
using UglyToad.PdfPig;

namespace Sakip.Api.Tests.Browser;

/// <summary>
/// A person in Chromium on the demo tenant: signs in, walks every page, replays a moment, filters and pages the audit
/// trail, adds a note, issues and uploads a receipt, downloads the workbooks and prints the Laporan Capaian to PDF.
/// Every page is checked for accessibility (no serious or critical axe violation) and photographed.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed partial class when_the_console_is_used_in_a_browser(SakipApp app, ConsoleHost host)
{
    private async Task<IPage> NewPage()
    {
        var context = await host.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 }, AcceptDownloads = true, Locale = "id-ID",
            TimezoneId = "Asia/Makassar",
        });
        // Generous: on a shared two-core machine a page of 500 rows and an axe run over it can take a while.
        context.SetDefaultTimeout(120_000);
        context.SetDefaultNavigationTimeout(120_000);
        return await context.NewPageAsync();
    }

    /// <summary>The page is shown as it is (a screenshot for the record) and passes axe without serious or critical findings.</summary>
    private static async Task Check(IPage page, string name, bool axeToo = true)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleHost.Output, name + ".png") });
        if (!axeToo) return;
        // The WCAG A and AA rules: where axe's serious and critical findings are.
        var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        serious.ShouldBeEmpty($"{name} at {page.Url}");
    }

    /// <summary>A formal revision of IKU-1 recorded through the API, so the pages have a moment before it to replay.</summary>
    private async Task<(string Indicator, DateTimeOffset Before)> Revise()
    {
        var planner = host.Api(ConsoleHost.Token(Roles.Planner, "pln-1", "Putu Perencana", "disdagperinkop"));
        var indicators = await (await planner.GetAsync("/api/buleleng/opds/disdagperinkop/years/2022/indicators")).Json(HttpStatusCode.OK);
        var iku = indicators.AsArray().Single(i => i!["code"]!.GetValue<string>() == "IKU-1")!;
        var id = iku["id"]!.GetValue<string>();
        var targets = iku["current"]!["periodTargets"]!.AsArray().Select(t => t?.DeepClone()).ToArray();
        if (iku["murni"] is not null) return (id, DateTimeOffset.UtcNow.AddSeconds(-1));   // revised by an earlier test of this run
        var before = DateTimeOffset.UtcNow;
        await Task.Delay(1100);
        targets[11] = 80m;
        (await planner.PutJson($"/api/buleleng/indicators/{id}/targets", new
        {
            expectedVersion = iku["version"]!.GetValue<int>(), annualTarget = 80m, periodTargets = targets,
            revision = new
            {
                kind = "pkPerubahan", legalBasis = new { type = "PK Perubahan", number = "800/456/PK-P/Disdagperinkop/2022", date = "2022-10-03" },
                reason = "Penyesuaian target akhir tahun setelah evaluasi triwulan III", effectiveFromMonth = 10,
            },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await SakipApp.WaitForProjections(host.Services, TimeSpan.FromSeconds(60));
        return (id, before);
    }

    // The value a datetime-local input holds for this instant, in the console's zone. Chromium drops ":00" seconds from
    // the value it keeps, and Playwright's fill calls a value the input rewrote malformed: whole minutes go in as HH:mm
    // (the same instant; a CI run at 03:37:00 failed on it).
    private static string DateTimeLocal(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById("Asia/Makassar"));
        return local.ToString(local.Second == 0 ? "yyyy-MM-dd'T'HH:mm" : "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task an_inspector_walks_every_page_replays_a_moment_notes_a_finding_and_prints_the_laporan_capaian()
    {
        await host.Start(app);
        var (indicator, before) = await Revise();
        var page = await NewPage();

        await page.GotoAsync(host.BaseUrl + "/console");
        page.Url.ShouldEndWith("/console/sign-in");
        await Check(page, "01-masuk");
        await page.FillAsync("#token", ConsoleHost.Token(Roles.Inspector));
        await page.ClickAsync("form.card button[type=submit]");
        await page.WaitForURLAsync("**/console/buleleng");
        (await page.TextContentAsync("h1"))!.ShouldBe("Perangkat Daerah tahun 2022");
        (await page.TextContentAsync(".who"))!.ShouldContain("Komang Inspektur");
        await Check(page, "02-beranda");

        await page.ClickAsync("text=Dinas Perdagangan, Perindustrian dan Koperasi UKM");
        await page.WaitForURLAsync("**/opds/disdagperinkop/years/2022");
        (await page.Locator("[aria-labelledby=rencana-aksi] tbody tr").CountAsync()).ShouldBe(104 + 183);
        (await page.Locator("[aria-labelledby=capaian] svg[role=img]").CountAsync()).ShouldBeGreaterThan(183);
        await Check(page, "03-opd-tahun");

        var local = DateTimeLocal(before);
        await page.FillAsync("input[name=asOf]", local);
        await page.ClickAsync("form.filters button[type=submit]");
        await page.WaitForURLAsync(new Regex("asOf="));
        (await page.Locator(".banner").CountAsync()).ShouldBe(1, $"{page.Url}: {await page.TextContentAsync("main")}");
        (await page.TextContentAsync(".banner"))!.ShouldContain("Tampilan per");
        var annual = page.Locator("[aria-labelledby=rencana-aksi] tr", new PageLocatorOptions { HasText = "IKU-1" }).Locator("td").Nth(3);
        (await annual.InnerTextAsync()).Trim().ShouldBe("78");
        await Check(page, "04-per-waktu", axeToo: false);                       // the page checked above, replayed

        await page.GotoAsync($"{host.BaseUrl}/console/buleleng/opds/disdagperinkop/years/2022/changes");
        await page.FillAsync("input[name=from]", local);
        await page.ClickAsync("form.filters button[type=submit]");
        // Counted on the filtered page, not on the one the click leaves (a race the full suite's load exposed).
        await page.WaitForURLAsync(new Regex("from="));
        (await page.Locator("section h2", new PageLocatorOptions { HasText = "IKU-1" }).CountAsync()).ShouldBe(1, $"{page.Url}: {await page.TextContentAsync("main")}");
        await Check(page, "05-perubahan");

        await page.GotoAsync($"{host.BaseUrl}/console/buleleng/opds/disdagperinkop/years/2022/revisions");
        (await page.TextContentAsync("main"))!.ShouldContain("800/456/PK-P/Disdagperinkop/2022");
        await Check(page, "06-register-perubahan");

        await page.ClickAsync("nav >> text=Jejak audit");
        await page.SelectOptionAsync("select[name=role]", Roles.Admin);
        await page.ClickAsync("form.filters button[type=submit]");
        await page.WaitForURLAsync(new Regex("role=admin"));
        (await page.Locator("tbody tr").CountAsync()).ShouldBe(50);
        await page.ClickAsync("a[rel=next]");
        await page.WaitForURLAsync(new Regex("cursor="));
        (await page.Locator("text=Halaman pertama").CountAsync()).ShouldBe(1);
        await Check(page, "07-jejak-audit");

        await page.GotoAsync($"{host.BaseUrl}/console/buleleng/indicators/{indicator}");
        (await page.TextContentAsync("main"))!.ShouldContain("Penyesuaian target akhir tahun");
        await Check(page, "08-indikator");

        await page.ClickAsync("text=Tambah catatan untuk indikator ini");
        await page.SelectOptionAsync("select[name=severity]", "high");
        await page.FillAsync("textarea[name=text]", "Target akhir tahun dinaikkan: periksa dasar PK Perubahan.");
        (await page.EvaluateAsync<string>("() => [...document.querySelectorAll('form.card [name]')].filter(e => !e.checkValidity())" +
            ".map(e => e.name + ': ' + e.validationMessage + ' [' + e.value + ']').join('; ')")).ShouldBeEmpty();
        var posted = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("form.card button[type=submit]"),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/console/buleleng/notes", StringComparison.Ordinal));
        posted.Status.ShouldBe(302);
        await page.WaitForURLAsync(new Regex("added=true"));
        (await page.Locator(".notice").CountAsync()).ShouldBe(1, $"{page.Url}: {await page.Locator("main").InnerTextAsync()}");
        (await page.TextContentAsync("table"))!.ShouldContain("periksa dasar PK Perubahan");
        await Check(page, "09-catatan");

        await page.ClickAsync("nav >> text=Integritas");
        await page.ClickAsync("text=Terbitkan titik periksa sekarang");
        await page.WaitForURLAsync(new Regex("issued="));
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[download]").First.ClickAsync());
        var receipt = Path.Combine(ConsoleHost.Output, "titik-periksa.json");
        await download.SaveAsAsync(receipt);
        await page.SetInputFilesAsync("input[name=receipt]", receipt);
        await page.ClickAsync("text=Verifikasi terhadap tanda terima");
        (await page.TextContentAsync("main"))!.ShouldContain("is the one the receipt was issued for");
        await Check(page, "10-integritas");

        await page.GotoAsync($"{host.BaseUrl}/console/buleleng/opds/disdagperinkop/years/2022");
        var workbook = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("text=Laporan Capaian (.xlsx)"));
        workbook.SuggestedFilename.ShouldBe("laporan-capaian-disdagperinkop-2022-09.xlsx");

        await page.GotoAsync($"{host.BaseUrl}/console/buleleng/opds/disdagperinkop/years/2022/rencana-aksi");
        await Check(page, "12-cetak-rencana-aksi");
        await page.GotoAsync($"{host.BaseUrl}/console/buleleng/opds/disdagperinkop/years/2022/laporan-capaian?month=9");
        await Check(page, "11-cetak-laporan-capaian");
        await PrintsAsTheOfficialDocument(page);
    }

    /// <summary>Printed to PDF as the browser prints it: A4 landscape, every column, header on every page, total and signature.</summary>
    private async Task PrintsAsTheOfficialDocument(IPage page)
    {
        var pdf = await page.PdfAsync(new PagePdfOptions
        {
            Path = Path.Combine(ConsoleHost.Output, "laporan-capaian-2022-09.pdf"), PreferCSSPageSize = true, PrintBackground = true,
        });
        var api = await (await host.Api(ConsoleHost.Token(Roles.Analyst)).GetAsync(
            "/api/buleleng/opds/disdagperinkop/years/2022/laporan-capaian?month=9")).Json(HttpStatusCode.OK);
        var total = Sakip.Api.Infrastructure.Indonesian.Money(api["total"]!["budget"]!.GetValue<decimal>());
        var average = Sakip.Api.Infrastructure.Indonesian.Percent(api["total"]!["average"]!.GetValue<decimal>());

        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().ToList();
        var rows = await page.Locator("table.laporan tbody tr").CountAsync();
        pages.Count.ShouldBeInRange(2, rows / 10);
        pages.ShouldAllBe(p => p.Width > p.Height && Math.Abs(p.Width - 841.9) < 2 && Math.Abs(p.Height - 595.3) < 2);
        var first = Text(pages[0]);
        first.ShouldContain("LAPORAN CAPAIAN PELAKSANAAN PROGRAM");
        first.ShouldContain("PEMERINTAH KABUPATEN BULELENG");
        first.ShouldContain("S.D. BULAN SEPTEMBER");
        foreach (var column in new[] { "(1)", "(5)", "(10)", "Keuangan", "Kinerja" }) first.ShouldContain(column);
        pages.ShouldAllBe(p => Text(p).Contains("Indikator Kinerja") && Text(p).Contains("(10)"));
        var last = Text(pages[^1]);
        last.ShouldContain("JUMLAH");
        last.ShouldContain(total);
        last.ShouldContain(average);
        last.ShouldContain("Drs. Dewa Made Sudiarta, M.Si");
        last.ShouldContain("NIP. 19741014 199311 1 001");
        last.ShouldContain("Singaraja,");
    }

    private static string Text(UglyToad.PdfPig.Content.Page page) => string.Join(" ", page.GetWords().Select(w => w.Text));

    [Fact]
    public async Task an_analyst_signs_in_with_the_pemda_identity_provider()
    {
        await host.Start(app);
        host.Provider.SignedIn = TestIdentityProvider.User("idp-3", "Ketut Analis", "buleleng", Roles.Analyst);
        var page = await NewPage();

        await page.GotoAsync(host.BaseUrl + "/console/sign-in");
        await page.ClickAsync("text=Masuk dengan akun pemda (SSO)");
        await page.WaitForURLAsync("**/console/buleleng");
        (await page.TextContentAsync(".who"))!.ShouldContain("Ketut Analis · Analis");
        (await page.Locator("nav a").AllTextContentsAsync()).ShouldBe(["Beranda", "Jejak audit"]);
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "sakip_console");
        (cookie.HttpOnly, cookie.SameSite, cookie.Path).ShouldBe((true, SameSiteAttribute.Strict, "/console"));

        await page.GotoAsync(host.BaseUrl + "/console/buleleng/notes");
        (await page.TextContentAsync("h1"))!.ShouldBe("Tidak diizinkan");
    }
}
