using System.Globalization;
using System.Net;
using Sakip.Api.Tests.Indicators;

namespace Sakip.Api.Tests.Console;

/// <summary>The console's pages show what the API answers, in the roles' scopes, as it stood at any instant.</summary>
[Collection(SakipCollection.Name)]
public sealed class when_the_console_shows_the_record(SakipApp app)
{
    private const string Opd = Buleleng2022.Opd;

    /// <summary>The established plan with IKU-1's March realization short of its target, then that target lowered.</summary>
    private async Task<(Buleleng2022 Plan, DateTimeOffset BeforeRevision)> Revised()
    {
        var plan = await new Buleleng2022(app).Established();
        (await app.ClientFor(plan.Tenant, "operator", opd: Opd).PutJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations/3",
            new { expectedVersion = await plan.VersionOf(plan.KoperasiAktif), value = 19m, budgetRealized = 15_000_000m, evidence = "Laporan TW I" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await Task.Delay(20);
        var before = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        (await plan.Planner.PutJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/targets", new
        {
            expectedVersion = await plan.VersionOf(plan.KoperasiAktif), annualTarget = 80m,
            periodTargets = new object?[] { null, null, 18m, null, null, 39m, null, null, 60m, null, null, 80m },
            revision = Buleleng2022.TargetRevision(effectiveFromMonth: 3, acknowledge: true),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.WaitForProjections(TimeSpan.FromSeconds(30));
        return (plan, before);
    }

    private static AngleSharp.Dom.IElement RencanaAksiRow(AngleSharp.Dom.IDocument page, string code) =>
        page.QuerySelector("[aria-labelledby=rencana-aksi]")!.QuerySelectorAll("tr")
            .Single(r => r.Text().StartsWith(code + " ", StringComparison.Ordinal));

    [Fact]
    public async Task the_opd_year_shows_murni_beside_current_and_the_capaian_the_api_computes()
    {
        var (plan, _) = await Revised();
        var page = await (await ConsoleClient.SignIn(app, plan.Tenant, "analyst")).Page($"/console/{plan.Tenant}/opds/{Opd}/years/2022?month=3");

        var row = RencanaAksiRow(page, "IKU-1");
        var annual = row.QuerySelectorAll("td")[3];
        annual.Text().ShouldStartWith("80");
        annual.QuerySelector(".murni")!.Text().ShouldBe("murni: 78");
        annual.QuerySelector(".revised")!.Text().ShouldBe("PK Perubahan: PK Perubahan 800/456/PK-P/Disdagperinkop/2022");
        row.QuerySelectorAll("td")[4].Text().ShouldBe("75.144.905");

        var api = await (await app.ClientFor(plan.Tenant, "analyst").GetAsync($"/api/{plan.Tenant}/opds/{Opd}/years/2022/capaian?month=3"))
            .Json(HttpStatusCode.OK);
        var capaian = api["indicators"]!.AsArray().Single(i => i!["code"]!.GetValue<string>() == "IKU-1")!["capaian"]!.GetValue<decimal>();
        var table = page.QuerySelector("[aria-labelledby=capaian]")!.QuerySelectorAll("tr")
            .Single(r => r.Text().StartsWith("IKU-1 ", StringComparison.Ordinal));
        table.Text().ShouldContain(capaian.ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ','));   // 19 / 18 → 105,56
        table.QuerySelectorAll("svg[role=img] polyline, svg[role=img] circle").Length.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task the_as_of_field_replays_the_page_as_it_stood_with_a_banner()
    {
        var (plan, before) = await Revised();
        var client = await ConsoleClient.SignIn(app, plan.Tenant, "inspector");
        var page = await client.Page($"/console/{plan.Tenant}/opds/{Opd}/years/2022?asOf={Uri.EscapeDataString(before.ToString("O"))}");

        page.QuerySelector(".banner")!.Text().ShouldStartWith("Tampilan per ");
        var row = RencanaAksiRow(page, "IKU-1");
        row.QuerySelectorAll("td")[3].Text().ShouldBe("78");
        row.QuerySelector(".murni").ShouldBeNull();
        var wib = before.ToOffset(TimeSpan.FromHours(7));                                            // the default zone: WIB
        // To the second, as the field steps: a value cut to the minute would send back an earlier instant than it shows.
        page.QuerySelector("input[name=asOf]")!.GetAttribute("value").ShouldBe(wib.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));

        var local = await client.Page($"/console/{plan.Tenant}/opds/{Opd}/years/2022?asOf={wib:yyyy-MM-ddTHH:mm:ss.fffffff}");   // the field's own format
        RencanaAksiRow(local, "IKU-1").QuerySelectorAll("td")[3].Text().ShouldBe("78");
        (await app.ClientFor(plan.Tenant, "analyst").GetAsync(
            $"/api/{plan.Tenant}/opds/{Opd}/years/2022/rencana-aksi?asOf={Uri.EscapeDataString(wib.ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz"))}"))
            .StatusCode.ShouldBe(HttpStatusCode.OK);                                                      // an offset other than Z

        // The capaian beside the plan as it stood: March's realization against the target then (19 / 19.5), as the API answers.
        var march = await client.Page($"/console/{plan.Tenant}/opds/{Opd}/years/2022?month=3&asOf={Uri.EscapeDataString(before.ToString("O"))}");
        var api = await (await app.ClientFor(plan.Tenant, "analyst").GetAsync(
                $"/api/{plan.Tenant}/opds/{Opd}/years/2022/capaian?month=3&asOf={Uri.EscapeDataString(before.ToString("O"))}"))
            .Json(HttpStatusCode.OK);
        var capaian = api["indicators"]!.AsArray().Single(i => i!["code"]!.GetValue<string>() == "IKU-1")!["capaian"]!.GetValue<decimal>();
        capaian.ShouldBe(97.44m, 0.01m);
        march.QuerySelector("[aria-labelledby=capaian]")!.QuerySelectorAll("tr").Single(r => r.Text().StartsWith("IKU-1 ", StringComparison.Ordinal))
            .Text().ShouldContain(capaian.ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ','));

        var now = await client.Page($"/console/{plan.Tenant}/opds/{Opd}/years/2022");
        now.QuerySelector(".banner").ShouldBeNull();
        await client.Page($"/console/{plan.Tenant}/opds/{Opd}/years/2022?asOf=kemarin", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task the_register_says_its_red_flags_in_words_and_the_home_counts_them()
    {
        var (plan, _) = await Revised();
        var client = await ConsoleClient.SignIn(app, plan.Tenant, "inspector");
        var register = await client.Page($"/console/{plan.Tenant}/opds/{Opd}/years/2022/revisions");
        var flags = register.QuerySelectorAll(".flags li").Select(li => li.Text()).ToList();
        flags.ShouldContain(f => f.StartsWith("⚑ Target diubah untuk periode yang sudah ada realisasinya.", StringComparison.Ordinal));
        flags.ShouldContain(f => f.StartsWith("⚑ Target diturunkan setelah realisasinya tidak mencapai target semula.", StringComparison.Ordinal));

        var home = await client.Page($"/console/{plan.Tenant}?year=2022");
        var row = home.QuerySelectorAll("tbody tr").Single(r => r.Text().Contains(Opd));
        row.QuerySelectorAll("td").Select(td => td.Text()).ShouldBe(["Ditetapkan", "Maret", "105,56", "Sangat Tinggi", "19,96", "1", "1"]);
    }

    [Fact]
    public async Task each_role_sees_its_scope_an_analyst_no_notes_an_operator_its_own_opd()
    {
        var (plan, _) = await Revised();
        var analyst = await ConsoleClient.SignIn(app, plan.Tenant, "analyst");
        (await analyst.Page($"/console/{plan.Tenant}")).QuerySelectorAll("nav a").Select(a => a.Text()).ShouldBe(["Beranda", "Jejak audit"]);
        await analyst.Page($"/console/{plan.Tenant}/notes", HttpStatusCode.Forbidden);
        await analyst.Page($"/console/{plan.Tenant}/integrity", HttpStatusCode.Forbidden);

        var other = await ConsoleClient.SignIn(app, plan.Tenant, "operator", opd: "disdagkopukm");
        await other.Page($"/console/{plan.Tenant}/opds/{Opd}/years/2022", HttpStatusCode.Forbidden);
        await other.Page($"/console/{plan.Tenant}/opds/{Opd}/years/2022/laporan-capaian", HttpStatusCode.Forbidden);
        await other.Page($"/console/{plan.Tenant}/indicators/{plan.KoperasiAktif}", HttpStatusCode.Forbidden);
        (await other.Page($"/console/{plan.Tenant}?year=2022")).QuerySelectorAll("tbody tr").ShouldBeEmpty();
        (await other.Page($"/console/{plan.Tenant}/audit")).QuerySelectorAll("tbody tr").ShouldBeEmpty();
        (await analyst.Page($"/console/{plan.Tenant}/audit?opd=&year=&indicator=&user=&role=planner&eventType=&from=&to="))   // the form, left empty
            .QuerySelectorAll("tbody tr").ShouldNotBeEmpty();
        (await analyst.Page($"/console/{plan.Tenant}/audit?year=dua-ribu", HttpStatusCode.BadRequest)).Text().ShouldContain("year");

        var own = await ConsoleClient.SignIn(app, plan.Tenant, "operator", opd: Opd);
        (await own.Page($"/console/{plan.Tenant}/opds/{Opd}/years/2022")).QuerySelector("h1")!.Text().ShouldContain("2022");
    }

    [Fact]
    public async Task an_inspector_adds_a_note_that_is_recorded_with_who_and_from_where()
    {
        var (plan, _) = await Revised();
        var inspector = await ConsoleClient.SignIn(app, plan.Tenant, "inspector", userId: "insp-9", name: "Nyoman Inspektur");
        var notes = $"/console/{plan.Tenant}/notes";
        var refused = await inspector.PostForm(notes, new() { ["about"] = "indicator", ["target"] = plan.KoperasiAktif, ["severity"] = "urgent" },
            formPage: notes);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("<code>severity</code>");

        var added = await inspector.PostForm(notes, new()
        {
            ["about"] = "indicator", ["target"] = plan.KoperasiAktif, ["opd"] = Opd, ["year"] = "2022", ["severity"] = "high",
            ["text"] = "Target TW I diturunkan sesudah realisasi 19 di bawah 19,5: minta berita acara.",
        }, formPage: notes);
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var stored = (await (await app.ClientFor(plan.Tenant, "inspector").GetAsync($"/api/{plan.Tenant}/notes?target={plan.KoperasiAktif}"))
            .Json(HttpStatusCode.OK)).AsArray().ShouldHaveSingleItem()!;
        stored["userName"]!.GetValue<string>().ShouldBe("Nyoman Inspektur");
        var note = (await app.EventsOf(plan.Tenant, stored["id"]!.GetValue<string>())).Single();
        note.Headers!["source"].ToString().ShouldBe("console");
        note.Headers["user_role"].ToString().ShouldBe("inspector");
        note.CorrelationId.ShouldNotBeNullOrEmpty();

        var page = await inspector.Page($"/console/{plan.Tenant}/indicators/{plan.KoperasiAktif}");
        page.Text().ShouldContain("minta berita acara");
        var link = page.QuerySelectorAll("a").Single(a => a.Text() == "Tambah catatan untuk indikator ini").GetAttribute("href")!;
        var form = await inspector.Page(link);                                                         // the link fills the form in
        form.QuerySelector("input[name=target]")!.GetAttribute("value").ShouldBe(plan.KoperasiAktif);
        form.QuerySelector("input[name=opd]")!.GetAttribute("value").ShouldBe(Opd);
        var forged = await inspector.PostAsync(notes, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["about"] = "indicator", ["target"] = "x", ["severity"] = "low", ["text"] = "from another site",
        }));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task an_inspector_issues_a_checkpoint_downloads_it_and_verifies_the_record_against_it()
    {
        var (plan, _) = await Revised();
        var inspector = await ConsoleClient.SignIn(app, plan.Tenant, "inspector");
        var integrity = $"/console/{plan.Tenant}/integrity";
        (await inspector.Page(integrity)).QuerySelector("[role=status] strong")!.Text().ShouldBe("Utuh");

        var issued = await inspector.PostForm($"{integrity}/checkpoints", [], formPage: integrity);
        issued.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = await inspector.Page(issued.Headers.Location!.ToString());
        var download = page.QuerySelector("a[href*='/integrity/checkpoints/']")!.GetAttribute("href")!;
        var receipt = await inspector.GetAsync(download);
        receipt.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        var json = await receipt.Content.ReadAsByteArrayAsync();

        var form = new MultipartFormDataContent
        {
            { new StringContent(ConsoleClient.Csrf(await (await inspector.GetAsync(integrity)).Content.ReadAsStringAsync())), "__csrf" },
            { new ByteArrayContent(json), "receipt", "titik-periksa.json" },
        };
        var verified = await inspector.PostAsync($"{integrity}/verification", form);
        var html = await verified.Content.ReadAsStringAsync();
        verified.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("is the one the receipt was issued for");
    }
}
