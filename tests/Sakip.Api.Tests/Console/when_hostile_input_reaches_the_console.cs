using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Sakip.Api.Tests.Indicators;

namespace Sakip.Api.Tests.Console;

/// <summary>
/// The console holds its query values, form fields and path values to the API's request policy: an unreadable value is
/// a page that names the field (400), never a 500, and stores nothing.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_hostile_input_reaches_the_console(SakipApp app)
{
    private static readonly string[] Hostile = ["a\0b", "\u0007", "\u001b[2J", new string('9', 2_100)];

    private static string[] Pages(string tenant, string opd, string indicator) =>
    [
        $"/console/{tenant}?year=", $"/console/{tenant}/opds/{opd}/years/2022?month=&asOf=",
        $"/console/{tenant}/opds/{opd}/years/2022/changes?from=&to=", $"/console/{tenant}/opds/{opd}/years/2022/revisions?x=",
        $"/console/{tenant}/opds/{opd}/years/2022/rencana-aksi?asOf=", $"/console/{tenant}/opds/{opd}/years/2022/laporan-capaian?month=",
        $"/console/{tenant}/opds/{opd}/years/2022/laporan-capaian.xlsx?month=", $"/console/{tenant}/audit?opd=&year=&from=&cursor=",
        $"/console/{tenant}/audit.csv?year=", $"/console/{tenant}/indicators/{indicator}?x=", $"/console/{tenant}/notes?target=&year=",
        $"/console/{tenant}/integrity?issued=", "/console/sign-in?returnUrl=&error=",
        $"/console/{tenant}/opds/{opd}/renstra/2018-2022/lkjip?year=&asOf=",
    ];

    [Fact]
    public async Task every_page_refuses_an_unreadable_query_value_with_a_page_naming_the_field()
    {
        var plan = await new Buleleng2022(app).Established();
        var client = await ConsoleClient.SignIn(app, plan.Tenant, "inspector");
        var failures = new List<string>();
        foreach (var page in Pages(plan.Tenant, Buleleng2022.Opd, plan.KoperasiAktif))
        {
            var field = page[(page.IndexOf('?') + 1)..].Split('=')[0];
            foreach (var value in Hostile)
                await Expect(client, page.Replace($"{field}=", $"{field}={Uri.EscapeDataString(value)}"), field, failures);
            await Expect(client, $"{page}&{field}=1&{field}=2", field, failures);                        // given twice
        }

        await Expect(client, $"/console/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022?month=dua", "month", failures);
        await Expect(client, $"/console/{plan.Tenant}?year=dua", "year", failures);
        await Expect(client, $"/console/{plan.Tenant}/audit?year=dua", "year", failures);
        await Expect(client, $"/console/{plan.Tenant}/indicators/a%20b", "id", failures);

        failures.ShouldBeEmpty(string.Join("\n", failures));
    }

    private static async Task Expect(HttpClient client, string url, string field, List<string> failures)
    {
        using var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.BadRequest)
            failures.Add($"{url[..Math.Min(url.Length, 120)]}: {(int)response.StatusCode}");
        else if (response.Content.Headers.ContentType?.MediaType != "text/html" || !html.Contains(field, StringComparison.Ordinal))
            failures.Add($"{url[..Math.Min(url.Length, 120)]}: the page does not name '{field}'");
    }

    [Fact]
    public async Task the_console_is_no_part_of_the_api_document_its_hostile_input_test_walks()
    {
        var document = await (await app.Client().GetAsync("/openapi/v1.json")).Json(HttpStatusCode.OK);
        document["paths"]!.AsObject().Select(p => p.Key).Where(p => p.StartsWith("/console", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public async Task forms_refuse_control_characters_duplicates_unreadable_numbers_and_bodies_that_are_not_forms()
    {
        var plan = await new Buleleng2022(app).Established();
        var client = await ConsoleClient.SignIn(app, plan.Tenant, "inspector");
        var notes = $"/console/{plan.Tenant}/notes";
        var before = await app.EventCount(plan.Tenant);

        async Task<string> Refused(HttpContent body, HttpStatusCode status = HttpStatusCode.BadRequest)
        {
            using var response = await client.PostAsync(notes, body);
            var html = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(status, html.Length > 1500 ? html[..1500] : html);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
            var main = html.IndexOf("<main", StringComparison.Ordinal);
            return main < 0 ? html : html[main..];
        }

        var csrf = ConsoleClient.Csrf(await (await client.GetAsync(notes)).Content.ReadAsStringAsync());
        List<KeyValuePair<string, string>> Note(string text, string year = "2022") =>
        [
            new("__csrf", csrf), new("about", "indicator"), new("target", plan.KoperasiAktif), new("opd", Buleleng2022.Opd),
            new("year", year), new("text", text), new("severity", "high"),
        ];

        (await Refused(new FormUrlEncodedContent(Note("Temuan\0tersembunyi")))).ShouldContain("karakter NUL");
        (await Refused(new FormUrlEncodedContent(Note("Temuan \u001b[2J")))).ShouldContain("karakter kendali");
        var multipart = new MultipartFormDataContent();
        foreach (var (name, value) in Note("Temuan \u0007")) multipart.Add(new StringContent(value), name);
        (await Refused(multipart)).ShouldContain("<code>text</code>: berisi karakter NUL, karakter kendali");
        (await Refused(new FormUrlEncodedContent(Note("Temuan", year: "dua ribu")))).ShouldContain("bukan bilangan bulat");
        (await Refused(new FormUrlEncodedContent(Note("Temuan").Append(new("severity", "low"))))).ShouldContain("lebih dari sekali");
        (await Refused(new FormUrlEncodedContent(Note(new string('x', 10_001))))).ShouldContain("text");
        await Refused(new StringContent("{\"text\":\"Temuan\"}", Encoding.UTF8, "application/json"), HttpStatusCode.UnsupportedMediaType);
        var broken = new StringContent("--b\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nunterminated", Encoding.UTF8);
        broken.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        await Refused(broken);
        await app.WaitForProjections(TimeSpan.FromSeconds(30));
        (await app.EventCount(plan.Tenant)).ShouldBe(before);

        using var accepted = await client.PostAsync(notes, new FormUrlEncodedContent(Note("Temuan\tdengan tab\r\nbaris baru")));
        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task an_opd_role_signs_in_only_with_its_opd_and_reads_only_that_opd()
    {
        var plan = await new Buleleng2022(app).Established();
        var anonymous = ConsoleClient.Anonymous(app);
        using var withoutOpd = await anonymous.PostForm("/console/sign-in", new() { ["token"] = app.Token(plan.Tenant, "operator", "op-1", "Wayan", null) });
        withoutOpd.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await withoutOpd.Content.ReadAsStringAsync()).ShouldContain("harus menyebut OPD-nya");
        using var unknownRole = await anonymous.PostForm("/console/sign-in", new() { ["token"] = app.Token(plan.Tenant, "auditor", "x-1", "X", null) });
        unknownRole.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        await app.WaitForProjections(TimeSpan.FromSeconds(30));
        var other = await ConsoleClient.SignIn(app, plan.Tenant, "operator", opd: "bappeda");
        await other.Page($"/console/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022", HttpStatusCode.Forbidden);
        await other.Page($"/console/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022/laporan-capaian?month=9", HttpStatusCode.Forbidden);
        var own = await ConsoleClient.SignIn(app, plan.Tenant, "operator", opd: Buleleng2022.Opd);
        await own.Page($"/console/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022");
    }
}
