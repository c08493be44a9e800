using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sakip.Api.Demo;

namespace Sakip.Api.Tests.Imports;

/// <summary>The transcribed seed documents under samples/, imported through HTTP as an agency would.</summary>
[Collection(SakipCollection.Name)]
public sealed class when_the_samples_are_imported(SakipApp app)
{
    private const string Buleleng = "rencana-aksi-buleleng-2022.csv";
    private const string Disdagkopukm = "rencana-aksi-disdagkopukm-2024.csv";

    private static string Sample(string file) => File.ReadAllText(Path.Combine(DemoData.SamplesDirectory, file));

    private async Task<(string Tenant, HttpClient Planner)> Tenant(string opd)
    {
        var tenant = SakipApp.NewTenant();
        (await app.ClientFor(tenant, "admin").PostJson($"/api/{tenant}/opds",
            new { code = opd, name = "Dinas Perdagangan", urusanCodes = new[] { "2.17", "3.30", "3.31" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        return (tenant, app.ClientFor(tenant, "planner", userId: "pln-9", name: "Komang Sampel", opd: opd));
    }

    private static Task<HttpResponseMessage> Upload(HttpClient client, string url, string csv, string fileName)
    {
        var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        content.Headers.Add("X-File-Name", fileName);
        return client.PostAsync(url, content);
    }

    private async Task<Dictionary<string, int>> IndicatorsPerLevel(HttpClient client, string tenant, string opd, int year)
    {
        var plan = await (await client.GetAsync($"/api/{tenant}/opds/{opd}/years/{year}/plan")).Json(HttpStatusCode.OK);
        var levels = plan["nodes"]!.AsArray().ToDictionary(n => n!["id"]!.GetValue<string>(),
            n => n!["level"]!.ToString().ToLowerInvariant());
        var indicators = (await (await client.GetAsync($"/api/{tenant}/opds/{opd}/years/{year}/indicators")).Json(HttpStatusCode.OK)).AsArray();
        return indicators.GroupBy(i => levels[i!["nodeId"]!.GetValue<string>()]).ToDictionary(g => g.Key, g => g.Count());
    }

    private static async Task<JsonNode> Indicator(HttpClient client, string tenant, string opd, int year, string code) =>
        (await (await client.GetAsync($"/api/{tenant}/opds/{opd}/years/{year}/indicators")).Json(HttpStatusCode.OK))
        .AsArray().Single(i => i!["code"]!.GetValue<string>() == code)!;

    private async Task ImportsDryThenRealThenIdempotent(string opd, string file)
    {
        var (tenant, planner) = await Tenant(opd);
        var url = $"/api/{tenant}/imports/rencana-aksi";
        var dry = await (await Upload(planner, $"{url}?dryRun=true", Sample(file), file)).Json(HttpStatusCode.OK);
        dry["stored"]!.GetValue<bool>().ShouldBeFalse();
        dry["errors"]!.AsArray().ShouldBeEmpty();
        (await app.EventCount(tenant)).ShouldBe(1, "only the OPD registration");

        var real = await (await Upload(planner, url, Sample(file), file)).Json(HttpStatusCode.OK);
        real["stored"]!.GetValue<bool>().ShouldBeTrue();
        real["changes"]!.AsArray().Count.ShouldBe(dry["changes"]!.AsArray().Count);
        var events = await app.EventCount(tenant);

        var again = await (await Upload(planner, url, Sample(file), file)).Json(HttpStatusCode.OK);
        again["changes"]!.AsArray().ShouldBeEmpty();
        again["summary"]!.GetValue<string>().ShouldContain("Nothing changed");
        (await app.EventCount(tenant)).ShouldBe(events);
        Planners[opd] = (tenant, planner);
    }

    private readonly Dictionary<string, (string Tenant, HttpClient Planner)> Planners = [];

    [Fact]
    public async Task the_2022_buleleng_plan_imports_whole_and_matches_the_seed()
    {
        await ImportsDryThenRealThenIdempotent("disdagperinkop", Buleleng);
        var (tenant, planner) = Planners["disdagperinkop"];

        (await IndicatorsPerLevel(planner, tenant, "disdagperinkop", 2022)).ShouldBe(new Dictionary<string, int>
        {
            ["program"] = 7, ["kegiatan"] = 30, ["subkegiatan"] = 64, ["individu"] = 82,
        }, ignoreOrder: true);

        var sso = await Indicator(planner, tenant, "disdagperinkop", 2022, "IKK-7");
        sso["current"]!["annualTarget"]!.GetValue<decimal>().ShouldBe(794m);                              // "794"
        sso["current"]!["budget"]!["pagu"]!.GetValue<decimal>().ShouldBe(1_587_538_237m);                  // "1.587.538.237"
        sso["current"]!["budget"]!["monthlyPlan"]![10]!.GetValue<decimal>().ShouldBe(1_596_771_884m);     // "November 1.596.771.884"
        var rat = await Indicator(planner, tenant, "disdagperinkop", 2022, "IKK-6");
        rat["current"]!["periodTargets"]![5]!.GetValue<decimal>().ShouldBe(60m);                           // "Juni 60,00%"
        var akip = await Indicator(planner, tenant, "disdagperinkop", 2022, "IKK-1");
        akip["current"]!["periodTargets"]![2]!.GetValue<string>().ShouldBe("A");                           // "Maret A"
        var pdrb = await Indicator(planner, tenant, "disdagperinkop", 2022, "IKU-6");
        pdrb["current"]!["periodTargets"]![8]!.GetValue<decimal>().ShouldBe(58.31m);                      // "September 58,31"
        var tera = await Indicator(planner, tenant, "disdagperinkop", 2022, "IKSK-46");
        tera["current"]!["periodTargets"]![1]!.GetValue<decimal>().ShouldBe(1667m);                        // "Februari 1.667"
        var rpik = await Indicator(planner, tenant, "disdagperinkop", 2022, "IKK-28");
        rpik["current"]!["budget"]!["monthlyPlan"]![9]!.GetValue<decimal>().ShouldBe(1_757_536_000m);      // "Oktober 1.757.536.000"
        var staff = await Indicator(planner, tenant, "disdagperinkop", 2022, "IKI-1");
        staff["current"]!["annualTarget"]!.GetValue<decimal>().ShouldBe(3m);                               // "Jumlah laporan rekomendasi LAKIP, LPPD dan LKPJ 3"
    }

    [Fact]
    public async Task the_2024_quarterly_plan_imports_whole_and_matches_the_seed()
    {
        await ImportsDryThenRealThenIdempotent("disdagkopukm", Disdagkopukm);
        var (tenant, planner) = Planners["disdagkopukm"];

        (await IndicatorsPerLevel(planner, tenant, "disdagkopukm", 2024)).ShouldBe(new Dictionary<string, int>
        {
            ["sasaran"] = 6, ["program"] = 15, ["kegiatan"] = 25, ["subkegiatan"] = 55,
        }, ignoreOrder: true);

        var koperasi = await Indicator(planner, tenant, "disdagkopukm", 2024, "IKU-3");
        koperasi["schedule"]!.GetValue<string>().ShouldBe("quarterly");
        koperasi["current"]!["periodTargets"]!.AsArray().Select(t => t!.GetValue<decimal>())
            .ShouldBe([77.72m, 78.41m, 78.82m, 79.12m]);                                                   // "TW 1 = 77,72" … "TW 4 = 79,12"
        var uttp = await Indicator(planner, tenant, "disdagkopukm", 2024, "IKSK-4");
        uttp["aggregation"]!.GetValue<string>().ShouldBe("sum");
        uttp["current"]!["annualTarget"]!.GetValue<decimal>().ShouldBe(945m);                              // 70 + 585 + 120 + 170
        var iui = await Indicator(planner, tenant, "disdagkopukm", 2024, "IKK-12");
        iui["current"]!["periodTargets"]![3]!.GetValue<decimal>().ShouldBe(54.54m);                        // "TW 4 = 54.54", read as 54,54
    }

    [Fact]
    public async Task a_changed_copy_after_the_agreement_is_a_revision_naming_the_batch_row_and_legal_basis()
    {
        var (tenant, planner) = await Tenant("disdagperinkop");
        var url = $"/api/{tenant}/imports/rencana-aksi";
        (await Upload(planner, url, Sample(Buleleng), Buleleng)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var plan = await (await planner.GetAsync($"/api/{tenant}/opds/disdagperinkop/years/2022/plan")).Json(HttpStatusCode.OK);
        (await planner.PostJson($"/api/{tenant}/opds/disdagperinkop/years/2022/plan/agreement", new
        {
            expectedVersion = plan["version"]!.GetValue<int>(), documentNumber = "800/123/PK/Disdagperinkop/2022", signedOn = "2022-02-01",
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // IKK-5 (NIK koperasi): the December and annual target raised from "70,00" to "72,00" by a PK Perubahan
        var lines = Sample(Buleleng).Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains(",IKK-5,"));
        lines[index] = lines[index].Replace("\"70,00\"", "\"72,00\"");
        var changed = string.Join('\n', lines);
        (await Upload(planner, url, changed, "ra-perubahan.csv")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var before = await app.EventCount(tenant);

        var revision = "revisionKind=pkPerubahan&legalBasisType=PK%20Perubahan&legalBasisNumber=800%2F321%2FPK-P%2F2022" +
                       "&legalBasisDate=2022-10-12&reason=Rencana%20Aksi%20Perubahan&effectiveFromMonth=10";
        var report = await (await Upload(planner, $"{url}?{revision}", changed, "ra-perubahan.csv")).Json(HttpStatusCode.OK);
        report["changes"]!.AsArray().Select(c => c!["kind"]!.GetValue<string>()).ShouldBe(["targetsChanged"]);
        (await app.EventCount(tenant)).ShouldBe(before + 1);

        var nik = await Indicator(planner, tenant, "disdagperinkop", 2022, "IKK-5");
        nik["current"]!["annualTarget"]!.GetValue<decimal>().ShouldBe(72m);
        var stored = (await app.EventsOf(tenant, $"ind:{nik["id"]!.GetValue<string>()}"))[^1];
        ((Sakip.Api.Indicators.TargetsSet)stored.Data).Revision!.LegalBasis.Number.ShouldBe("800/321/PK-P/2022");
        stored.Headers!["import_file"].ToString().ShouldBe("ra-perubahan.csv");
        stored.Headers["import_sha256"].ToString()!.Length.ShouldBe(64);
        stored.Headers["import_row"].ToString().ShouldBe((index + 1).ToString());
    }
}
