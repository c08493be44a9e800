using System.Globalization;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Sakip.Api.Demo;
using Sakip.Api.Tests.Indicators;

namespace Sakip.Api.Tests.Console;

/// <summary>
/// The print views and the workbooks read like the official documents: the title block, grouped headers repeated on
/// every page, Indonesian numbers, the total, and the signature of the head of the agency named on the plan.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_the_documents_are_printed(SakipApp app)
{
    private const string Opd = Buleleng2022.Opd;
    private const string DemoYear = "/opds/disdagperinkop/years/2022";

    private static string Money(decimal value) => value.ToString("#,##0", new NumberFormatInfo { NumberGroupSeparator = "." });

    private static string Percent(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',');

    [Fact]
    public async Task the_demo_laporan_capaian_at_september_has_the_title_the_totals_and_the_signature_of_the_kepala_dinas()
    {
        await app.WaitForProjections(TimeSpan.FromSeconds(60));
        var console = await ConsoleClient.SignIn(app, DemoData.Tenant, "analyst");
        var page = await console.Page($"/console/buleleng{DemoYear}/laporan-capaian?month=9");
        var api = await (await app.ClientFor(DemoData.Tenant, "analyst").GetAsync($"/api/buleleng{DemoYear}/laporan-capaian?month=9"))
            .Json(HttpStatusCode.OK);

        page.QuerySelectorAll(".title-block p").Select(p => p.Text()).ShouldBe([
            "Laporan Capaian Pelaksanaan Program, Kegiatan dan Sub Kegiatan", "Dinas Perdagangan, Perindustrian dan Koperasi UKM",
            "PEMERINTAH KABUPATEN BULELENG", "Tahun Anggaran 2022 — s.d. Bulan September",
        ]);
        var head = page.QuerySelector("table.laporan thead")!;
        head.QuerySelectorAll("tr").Length.ShouldBe(3);
        head.QuerySelectorAll("th[colspan='2']").Select(th => th.Text()).ShouldBe(["Target", "Realisasi", "Capaian (%)"]);
        page.QuerySelectorAll("table.laporan col").Length.ShouldBe(10);

        var total = page.QuerySelectorAll("tr.total")[0].QuerySelectorAll("td").Select(td => td.Text()).ToList();
        total[1].ShouldBe("JUMLAH");
        total[2].ShouldBe(Money(api["total"]!["budget"]!.GetValue<decimal>()));          // 1.587.538.237-style
        total[4].ShouldBe(Money(api["total"]!["budgetRealized"]!.GetValue<decimal>()));
        total[7].ShouldBe(Percent(api["total"]!["financialCapaian"]!.GetValue<decimal>())); // 96,49-style
        page.QuerySelectorAll("tr.total")[1].Text().ShouldEndWith(Percent(api["total"]!["average"]!.GetValue<decimal>()));

        page.QuerySelectorAll(".signature p").Select(p => p.Text()).ShouldBe([
            $"Singaraja, {Sakip.Api.Infrastructure.Indonesian.Date(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Makassar")).DateTime))}",
            "Kepala Dinas Perdagangan, Perindustrian dan Koperasi, Usaha Kecil dan Menengah Kabupaten Buleleng",
            "Drs. Dewa Made Sudiarta, M.Si", "NIP. 19741014 199311 1 001",
        ]);
    }

    [Fact]
    public async Task the_rencana_aksi_prints_each_level_with_murni_under_revised_values_and_signs_as_it_stood()
    {
        var plan = await new Buleleng2022(app).Established();
        var version = await plan.VersionOf(plan.KoperasiAktif);
        (await plan.Planner.PutJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/budget", new
        {
            expectedVersion = version, pagu = 80_000_000m,
            monthlyPlan = Buleleng2022.SimpanPinjamPlan.Take(11).Append(80_000_000m).ToArray(), revision = Buleleng2022.BudgetRevision(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.WaitForProjections(TimeSpan.FromSeconds(30));
        var unsigned = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        var planVersion = (await (await plan.Planner.GetAsync(plan.PlanUrl)).Json(HttpStatusCode.OK))["version"]!.GetValue<int>();
        (await plan.Planner.PutJson($"{plan.PlanUrl}/signatory", new
        {
            expectedVersion = planVersion, reason = "SK Bupati Buleleng 821/12/2022 tentang pengangkatan Kepala Dinas",
            signatory = new { position = "Kepala Dinas Perdagangan, Perindustrian dan Koperasi UKM", name = "Drs. Dewa Made Sudiarta, M.Si", nip = "19741014 199311 1 001" },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.WaitForProjections(TimeSpan.FromSeconds(30));

        var console = await ConsoleClient.SignIn(app, plan.Tenant, "inspector");
        var page = await console.Page($"/console/{plan.Tenant}/opds/{Opd}/years/2022/rencana-aksi");
        page.QuerySelectorAll(".section-title").Select(s => s.Text()).ShouldBe(["ESELON II", "ESELON III"]);
        page.QuerySelectorAll("table.rencana thead").ShouldAllBe(t => t.QuerySelectorAll("tr").Length == 3);
        var total = page.QuerySelectorAll("tr.total")[0];
        total.Text().ShouldContain("JUMLAH ANGGARAN ESELON II");
        total.QuerySelector("td.num")!.Text().ShouldBe("80.000.000murni: 75.144.905");
        page.QuerySelector(".signature .name")!.Text().ShouldBe("Drs. Dewa Made Sudiarta, M.Si");
        page.QuerySelector(".print-tools .alert").ShouldBeNull();

        var before = await console.Page($"/console/{plan.Tenant}/opds/{Opd}/years/2022/rencana-aksi?asOf={Uri.EscapeDataString(unsigned.ToString("O"))}");
        before.QuerySelector(".signature .name")!.Text().ShouldBe("(.........................................)");
        before.QuerySelector(".print-tools .alert").ShouldNotBeNull();
        before.QuerySelector(".title-block .as-of")!.Text().ShouldStartWith("Keadaan data per ");
    }

    [Fact]
    public async Task the_signatory_is_an_event_with_its_reason_checked_like_every_change_and_no_revision()
    {
        var plan = await new Buleleng2022(app).Established();
        var version = (await (await plan.Planner.GetAsync(plan.PlanUrl)).Json(HttpStatusCode.OK))["version"]!.GetValue<int>();
        var url = $"{plan.PlanUrl}/signatory";
        object Body(long v, string? nip = "197410141993111001", string? reason = "Pelantikan") =>
            new { expectedVersion = v, reason, signatory = new { position = "Kepala Dinas", name = "Drs. Dewa Made Sudiarta, M.Si", nip } };

        (await (await plan.Planner.PutJson(url, Body(version, nip: "1974", reason: null))).Problem(HttpStatusCode.BadRequest))
            .ErrorFields().ShouldBe(["signatory.nip", "reason"], ignoreOrder: true);
        await (await app.ClientFor(plan.Tenant, "operator", opd: Opd).PutJson(url, Body(version))).Problem(HttpStatusCode.Forbidden);
        await (await plan.Planner.PutJson(url, Body(version - 1))).Problem(HttpStatusCode.Conflict);
        var view = await (await plan.Planner.PutJson(url, Body(version))).Json(HttpStatusCode.OK);
        view["signatory"]!["nip"]!.GetValue<string>().ShouldBe("197410141993111001");

        var assigned = (await app.EventsOf(plan.Tenant, $"plan:{Opd}:2022")).Last();
        assigned.EventTypeName.ShouldBe("plan_signatory_assigned");
        assigned.Headers!["reason"].ToString().ShouldBe("Pelantikan");
        assigned.Headers["user_id"].ToString().ShouldBe("pln-01");
        var register = await (await app.ClientFor(plan.Tenant, "inspector").GetAsync($"/api/{plan.Tenant}/opds/{Opd}/years/2022/revisions"))
            .Json(HttpStatusCode.OK);
        register["summary"]!["revisions"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task the_region_names_itself_for_the_title_block()
    {
        var tenant = SakipApp.NewTenant();
        var admin = app.ClientFor(tenant, "admin");
        (await (await admin.PutJson($"/api/{tenant}/profile", new { name = "Kabupaten Tabanan", place = "Tabanan", timeZone = "Mars/Olympus" }))
            .Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["timeZone"]);
        await (await app.ClientFor(tenant, "planner", opd: Opd).PutJson($"/api/{tenant}/profile",
            new { name = "Kabupaten Tabanan", place = "Tabanan", timeZone = "Asia/Makassar" })).Problem(HttpStatusCode.Forbidden);
        (await admin.PutJson($"/api/{tenant}/profile", new { name = "Kabupaten Tabanan", place = "Tabanan", timeZone = "Asia/Makassar" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await admin.PutJson($"/api/{tenant}/profile", new { name = "Kabupaten Tabanan", place = "Tabanan", timeZone = "Asia/Makassar" }))
            .Problem(HttpStatusCode.BadRequest);                                                          // expectedVersion now required
        (await (await app.ClientFor(tenant, "analyst").GetAsync($"/api/{tenant}/profile")).Json(HttpStatusCode.OK))["place"]!
            .GetValue<string>().ShouldBe("Tabanan");
        (await (await ConsoleClient.SignIn(app, tenant, "analyst")).Page($"/console/{tenant}")).QuerySelector(".brand")!.Text()
            .ShouldBe("SAKIP Kabupaten Tabanan");
    }

    [Fact]
    public async Task the_laporan_workbook_is_set_up_to_print_on_a4_landscape_with_its_header_on_every_page()
    {
        await app.WaitForProjections(TimeSpan.FromSeconds(60));
        var bytes = await (await app.ClientFor(DemoData.Tenant, "analyst").GetAsync($"/api/buleleng{DemoYear}/laporan-capaian?month=9&format=xlsx"))
            .Content.ReadAsByteArrayAsync();
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.WorksheetParts.Single().Worksheet;

        var setup = sheet.GetFirstChild<PageSetup>()!;
        (setup.Orientation!.Value == OrientationValues.Landscape, setup.PaperSize!.Value, setup.FitToWidth!.Value, setup.FitToHeight!.Value)
            .ShouldBe((true, 9u, 1u, 0u));
        sheet.GetFirstChild<SheetProperties>()!.PageSetupProperties!.FitToPage!.Value.ShouldBeTrue();
        var pane = sheet.Descendants<Pane>().Single();
        (pane.State!.Value == PaneStateValues.Frozen, pane.VerticalSplit!.Value).ShouldBe((true, 8d));
        workbook.Workbook.DefinedNames!.Elements<DefinedName>().Single().Text.ShouldBe("'Capaian 2022-09'!$6:$8");
        sheet.Descendants<MergeCell>().Select(m => m.Reference!.Value).ShouldContain("A1:J1");
        sheet.Descendants<MergeCell>().Select(m => m.Reference!.Value).ShouldContain("D6:E6");
        sheet.Descendants<Column>().Select(c => c.Width!.Value).ShouldAllBe(w => w >= 10);

        var cells = sheet.Descendants<Cell>().ToList();
        string Text(string reference) => cells.Single(c => c.CellReference == reference).InnerText;
        Text("A1").ShouldBe("LAPORAN CAPAIAN PELAKSANAAN PROGRAM, KEGIATAN DAN SUB KEGIATAN");
        Text("A4").ShouldBe("TAHUN ANGGARAN 2022 — S.D. BULAN SEPTEMBER");
        var formats = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var budget = cells.Single(c => c.CellReference == "D9");
        formats[(int)budget.StyleIndex!.Value].NumberFormatId!.Value.ShouldBe(3u);                 // #,##0: 1.587.538.237 in id-ID
        cells.ShouldContain(c => c.InnerText == "Drs. Dewa Made Sudiarta, M.Si");
        cells.ShouldContain(c => c.InnerText == "NIP. 19741014 199311 1 001");
    }
}
