using System.Net;
using System.Text;
using Sakip.Api.Demo;

namespace Sakip.Api.Tests.Imports;

[Collection(SakipCollection.Name)]
public sealed class when_the_demo_year_is_loaded(SakipApp app)
{
    private static string Sample(string file) => File.ReadAllText(Path.Combine(DemoData.SamplesDirectory, file));

    [Fact]
    public async Task the_demo_tenant_holds_the_established_2022_plan_with_realizations_from_the_samples()
    {
        var analyst = app.ClientFor(DemoData.Tenant, "analyst");
        var plan = await (await analyst.GetAsync("/api/buleleng/opds/disdagperinkop/years/2022/plan")).Json(HttpStatusCode.OK);
        plan["status"]!.GetValue<string>().ShouldBe("established");
        plan["agreementNumber"]!.GetValue<string>().ShouldBe("800/123/PK/Disdagperinkop/2022");

        var indicators = (await (await analyst.GetAsync("/api/buleleng/opds/disdagperinkop/years/2022/indicators")).Json(HttpStatusCode.OK)).AsArray();
        indicators.Count.ShouldBe(183);
        var iku = indicators.Single(i => i!["code"]!.GetValue<string>() == "IKU-1")!;
        iku["current"]!["periodTargets"]![2]!.GetValue<decimal>().ShouldBe(19.5m);       // "19,50" in the seed
        iku["current"]!["budget"]!["pagu"]!.GetValue<decimal>().ShouldBe(75_144_905m);    // "75.144.905"
        iku["realizations"]!.AsArray().Select(r => r!["period"]!.GetValue<int>()).ShouldBe([3, 6, 9]);
        var rat = indicators.Single(i => i!["code"]!.GetValue<string>() == "IKK-6")!;
        rat["current"]!["periodTargets"]![2]!.GetValue<decimal>().ShouldBe(55m);          // "55,00%"

        var september = await (await analyst.GetAsync("/api/buleleng/opds/disdagperinkop/years/2022/capaian?month=9&consistent=true"))
            .Json(HttpStatusCode.OK);
        var koperasi = september["indicators"]!.AsArray().Single(i => i!["code"]!.GetValue<string>() == "IKU-1")!;
        koperasi["capaian"]!.GetValue<decimal>().ShouldBe(Math.Round(59m / 58.5m * 100, 2, MidpointRounding.AwayFromZero));

        var draft = await (await analyst.GetAsync("/api/buleleng/opds/disdagkopukm/years/2024/plan")).Json(HttpStatusCode.OK);
        draft["status"]!.GetValue<string>().ShouldBe("draft");
        var quarterly = (await (await analyst.GetAsync("/api/buleleng/opds/disdagkopukm/years/2024/indicators")).Json(HttpStatusCode.OK)).AsArray();
        quarterly.Count.ShouldBe(101);
    }

    [Fact]
    public async Task the_second_demo_tenant_holds_the_lampung_barat_renstra_and_the_plan_that_cascades_from_it()
    {
        var analyst = app.ClientFor(DemoData.SecondTenant, "analyst");
        var renstra = await (await analyst.GetAsync($"/api/{DemoData.SecondTenant}/opds/{DemoData.RenstraOpd}/renstra/2018-2022"))
            .Json(HttpStatusCode.OK);
        renstra["status"]!.GetValue<string>().ShouldBe("established");
        renstra["iku"]!.AsArray().Count.ShouldBe(4);
        renstra["positions"]!.AsArray().Count.ShouldBe(21);
        renstra["positions"]!.AsArray().Sum(p => p!["indicators"]!.AsArray().Count).ShouldBe(66);

        var lkjip = await (await analyst.GetAsync($"/api/{DemoData.SecondTenant}/opds/{DemoData.RenstraOpd}/renstra/2018-2022/lkjip?year=2020"))
            .Json(HttpStatusCode.OK);
        var koperasi = lkjip["rows"]![0]!;
        koperasi["years"]!.AsArray().Select(y => (y!["realization"]!.GetValue<decimal>(), y["source"]!.GetValue<string>()))
            .ShouldBe([(11m, "direct"), (16m, "direct"), (21m, "cascade")]);
        koperasi["trend"]!["direction"]!.GetValue<string>().ShouldBe("improved");
        var plan = await (await analyst.GetAsync($"/api/{DemoData.SecondTenant}/opds/{DemoData.RenstraOpd}/years/2020/plan")).Json(HttpStatusCode.OK);
        plan["status"]!.GetValue<string>().ShouldBe("established");
    }

    [Fact]
    public async Task the_importer_names_the_data_problems_kept_from_the_seed()
    {
        var tenant = SakipApp.NewTenant();
        (await app.ClientFor(tenant, "admin").PostJson($"/api/{tenant}/opds",
            new { code = "disdagperinkop", name = "Dinas Perdagangan", urusanCodes = new[] { "2.17" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var report = await (await app.ClientFor(tenant, "planner", opd: "disdagperinkop").PostAsync(
            $"/api/{tenant}/imports/rencana-aksi?dryRun=true",
            new StringContent(Sample("rencana-aksi-buleleng-2022.csv"), Encoding.UTF8, "text/csv"))).Json(HttpStatusCode.OK);

        var warnings = report["warnings"]!.AsArray().Select(w => (w!["row"]!.GetValue<int>(), w["message"]!.GetValue<string>())).ToList();
        // IKK-7 Jumlah UMKM terdata SSO: "November 1.596.771.884", "Desember 1.587.538.237"
        warnings.ShouldContain(w => w.Item1 == 137 && w.Item2.Contains("month 12") && w.Item2.Contains("lower"));
        // IKK-19 Jumlah pelaku UMKM yang bersertifikat: annual "60", "Juli 30", "Oktober 60", "Desember -"
        warnings.ShouldContain(w => w.Item1 == 139 && w.Item2.Contains("annual target 60") && w.Item2.Contains("December"));
        // IKK-8 Jumlah dokumen administrasi kepegawaian: annual "8", months 4, 3, 4, 2, 2, 1, 1, 1, 1, 2, 1, 8
        warnings.ShouldContain(w => w.Item1 == 91 && w.Item2.Contains("annual target 8") && w.Item2.Contains("sum"));
        // the Eselon II program whose name the conversion lost: "42.051.953", no indicator of its own
        warnings.ShouldContain(w => w.Item1 == 107 && w.Item2.Contains("2.17.03") && w.Item2.Contains("no indicator"));
        report["errors"]!.AsArray().ShouldBeEmpty();
        report["changes"]!.AsArray().Count(c => c!["kind"]!.GetValue<string>() == "indicatorDefined").ShouldBe(183);
    }

    [Fact]
    public async Task the_same_plan_uploaded_as_excel_in_a_multipart_form_gives_the_same_result()
    {
        var tenant = SakipApp.NewTenant();
        (await app.ClientFor(tenant, "admin").PostJson($"/api/{tenant}/opds",
            new { code = "disdagperinkop", name = "Dinas Perdagangan", urusanCodes = new[] { "2.17" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var table = Sakip.Api.Imports.Csv.Parse(Sample("rencana-aksi-buleleng-2022.csv"));
        var rows = table.Skip(1).Select(r => table[0].Zip(r).ToDictionary(c => c.First, c => (object?)c.Second)).ToList();
        using var workbook = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(workbook, rows);

        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(workbook.ToArray());
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", "rencana-aksi.xlsx");
        var report = await (await app.ClientFor(tenant, "planner", opd: "disdagperinkop").PostAsync(
            $"/api/{tenant}/imports/rencana-aksi", form)).Json(HttpStatusCode.OK);

        report["fileName"]!.GetValue<string>().ShouldBe("rencana-aksi.xlsx");
        report["stored"]!.GetValue<bool>().ShouldBeTrue();
        report["changes"]!.AsArray().Count(c => c!["kind"]!.GetValue<string>() == "indicatorDefined").ShouldBe(183);
        var iku = (await (await app.ClientFor(tenant, "analyst").GetAsync($"/api/{tenant}/opds/disdagperinkop/years/2022/indicators"))
            .Json(HttpStatusCode.OK)).AsArray().Single(i => i!["code"]!.GetValue<string>() == "IKU-1")!;
        iku["current"]!["budget"]!["pagu"]!.GetValue<decimal>().ShouldBe(75_144_905m);
    }
}
