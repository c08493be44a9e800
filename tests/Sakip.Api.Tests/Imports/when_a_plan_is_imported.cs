using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Sakip.Api.Tests.Imports;

[Collection(SakipCollection.Name)]
public sealed class when_a_plan_is_imported(SakipApp app)
{
    internal const string Header =
        "opd,year,level,node_code,parent_code,node_name,indicator_code,indicator,unit,polarity,aggregation,schedule,annual_target," +
        "p1,p2,p3,p4,p5,p6,p7,p8,p9,p10,p11,p12,budget,b1,b2,b3,b4,b5,b6,b7,b8,b9,b10,b11,b12,responsible,responsible_name,formula,data_source";

    internal static string Plan(string annual = "78,00", string december = "78,00", string pagu = "75.144.905", string novemberPlan = "69.882.875") =>
        Header + "\n" +
        "diskop,2022,sasaran,SS1,,Meningkatnya Koperasi yang Berkualitas,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,KEPALA DINAS,,,\n" +
        $"diskop,2022,program,2.17.02,SS1,Program Pelayanan Izin Usaha Simpan Pinjam,IKU-1,Persentase Koperasi Aktif dan Sehat,%,positive,cumulative,monthly,\"{annual}\",-,-,\"19,50\",-,-,\"39,00\",-,-,\"58,50\",-,-,\"{december}\",{pagu},-,12.524.159,18.786.239,25.048.318,30.048.318,37.572.478,43.834.557,52.096.636,60.358.716,65.620.795,{novemberPlan},75.144.905,KEPALA DINAS,,,\n" +
        "diskop,2022,kegiatan,2.17.02.2.01,2.17.02,Perencanaan dan Evaluasi,IKK-1,Predikat AKIP Dinas,Predikat,,last,monthly,A,-,-,A,-,-,-,-,-,-,-,-,-,,,,,,,,,,,,,,SEKRETARIS DINAS,,,\n";

    private async Task<(string Tenant, HttpClient Planner)> Tenant()
    {
        var tenant = SakipApp.NewTenant();
        (await app.ClientFor(tenant, "admin").PostJson($"/api/{tenant}/opds",
            new { code = "diskop", name = "Dinas Koperasi", urusanCodes = new[] { "2.17" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        return (tenant, app.ClientFor(tenant, "planner", userId: "pln-5", name: "Wayan Import", opd: "diskop"));
    }

    private static Task<HttpResponseMessage> Upload(HttpClient client, string url, string csv, string fileName = "ra.csv")
    {
        var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        content.Headers.Add("X-File-Name", fileName);
        return client.PostAsync(url, content);
    }

    [Fact]
    public async Task a_dry_run_stores_nothing_then_the_real_import_creates_the_plan_and_a_second_import_changes_nothing()
    {
        var (tenant, planner) = await Tenant();
        var url = $"/api/{tenant}/imports/rencana-aksi";

        var dry = await (await Upload(planner, $"{url}?dryRun=true", Plan())).Json(HttpStatusCode.OK);
        dry["stored"]!.GetValue<bool>().ShouldBeFalse();
        dry["changes"]!.AsArray().Select(c => c!["kind"]!.GetValue<string>()).ShouldBe(
            ["nodeAdded", "nodeAdded", "nodeAdded", "indicatorDefined", "indicatorDefined"]);
        (await app.EventCount(tenant)).ShouldBe(1, "only the OPD registration");

        var real = await (await Upload(planner, url, Plan())).Json(HttpStatusCode.OK);
        real["stored"]!.GetValue<bool>().ShouldBeTrue();
        var events = await app.EventCount(tenant);

        var again = await (await Upload(planner, url, Plan())).Json(HttpStatusCode.OK);
        again["changes"]!.AsArray().ShouldBeEmpty();
        again["summary"]!.GetValue<string>().ShouldContain("Nothing changed");
        (await app.EventCount(tenant)).ShouldBe(events);

        var indicators = await (await planner.GetAsync($"/api/{tenant}/opds/diskop/years/2022/indicators")).Json(HttpStatusCode.OK);
        var iku = indicators.AsArray().Single(i => i!["code"]!.GetValue<string>() == "IKU-1")!;
        iku["current"]!["periodTargets"]![2]!.GetValue<decimal>().ShouldBe(19.5m);
        iku["current"]!["budget"]!["pagu"]!.GetValue<decimal>().ShouldBe(75_144_905m);
        var akip = indicators.AsArray().Single(i => i!["code"]!.GetValue<string>() == "IKK-1")!;
        akip["valueKind"]!.GetValue<string>().ShouldBe("grade");
        akip["gradeScale"]!.GetValue<string>().ShouldBe("predikat-akip");
    }

    [Fact]
    public async Task a_changed_file_after_establishment_is_a_revision_that_names_its_batch_row_and_legal_basis()
    {
        var (tenant, planner) = await Tenant();
        var url = $"/api/{tenant}/imports/rencana-aksi";
        (await Upload(planner, url, Plan())).StatusCode.ShouldBe(HttpStatusCode.OK);
        var plan = await (await planner.GetAsync($"/api/{tenant}/opds/diskop/years/2022/plan")).Json(HttpStatusCode.OK);
        (await planner.PostJson($"/api/{tenant}/opds/diskop/years/2022/plan/agreement", new
        {
            expectedVersion = plan["version"]!.GetValue<int>(), documentNumber = "PK/01/2022", signedOn = "2022-02-01",
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var changed = Plan(annual: "80,00", december: "80,00");
        var refused = await (await Upload(planner, url, changed, "ra-perubahan.csv")).Problem(HttpStatusCode.UnprocessableEntity);
        refused.ErrorFields().ShouldContain("revision");
        var before = await app.EventCount(tenant);

        var revision = "revisionKind=pkPerubahan&legalBasisType=PK%20Perubahan&legalBasisNumber=PK-P%2F07%2F2022" +
                       "&legalBasisDate=2022-09-15&reason=Evaluasi%20semester%20I&effectiveFromMonth=9";
        var report = await (await Upload(planner, $"{url}?{revision}", changed, "ra-perubahan.csv")).Json(HttpStatusCode.OK);
        report["changes"]!.AsArray().Select(c => c!["kind"]!.GetValue<string>()).ShouldBe(["targetsChanged"]);
        (await app.EventCount(tenant)).ShouldBe(before + 1);

        var id = (await (await planner.GetAsync($"/api/{tenant}/opds/diskop/years/2022/indicators")).Json(HttpStatusCode.OK))
            .AsArray().Single(i => i!["code"]!.GetValue<string>() == "IKU-1")!["id"]!.GetValue<string>();
        var stored = (await app.EventsOf(tenant, $"ind:{id}"))[^1];
        var targets = (Sakip.Api.Indicators.TargetsSet)stored.Data;
        targets.Revision!.LegalBasis.Number.ShouldBe("PK-P/07/2022");
        stored.Headers!["source"].ToString().ShouldBe("import");
        stored.Headers["import_file"].ToString().ShouldBe("ra-perubahan.csv");
        stored.Headers["import_sha256"].ToString()!.Length.ShouldBe(64);
        stored.Headers["import_row"].ToString().ShouldBe("3");
        stored.Headers["user_name"].ToString().ShouldBe("Wayan Import");
    }

    [Fact]
    public async Task the_importer_warns_about_the_seeds_data_problems_and_still_imports()
    {
        var (tenant, planner) = await Tenant();
        var report = await (await Upload(planner, $"/api/{tenant}/imports/rencana-aksi?dryRun=true",
            Plan(december: "-", novemberPlan: "80.000.000"))).Json(HttpStatusCode.OK);
        var messages = report["warnings"]!.AsArray().Select(w => (w!["row"]!.GetValue<int>(), w["message"]!.GetValue<string>())).ToList();
        messages.ShouldContain(m => m.Item1 == 3 && m.Item2.Contains("annual target 78"));
        messages.ShouldContain(m => m.Item1 == 3 && m.Item2.Contains("month 12") && m.Item2.Contains("lower"));
        report["errors"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task each_malformed_input_is_refused_with_nothing_stored()
    {
        var (tenant, planner) = await Tenant();
        var url = $"/api/{tenant}/imports/rencana-aksi";
        async Task Refused(HttpResponseMessage response, HttpStatusCode status, string field)
        {
            var problem = await response.Problem(status);
            problem.ErrorFields().ShouldContain(field, problem.ToJsonString());
        }

        await Refused(await Upload(planner, url, Plan().Replace("\"19,50\"", "\"19.5\"")), HttpStatusCode.UnprocessableEntity, "p3");
        await Refused(await Upload(planner, url, Plan().Replace("cumulative", "running")), HttpStatusCode.UnprocessableEntity, "aggregation");
        await Refused(await Upload(planner, $"{url}?numberFormat=xx", Plan()), HttpStatusCode.BadRequest, "numberFormat");
        await Refused(await Upload(planner, url, "opd,year\n"), HttpStatusCode.UnprocessableEntity, "level");
        var zip = new ByteArrayContent([(byte)'P', (byte)'K', 3, 4, 0, 0, 1, 2]);
        zip.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        await Refused(await planner.PostAsync(url, zip), HttpStatusCode.BadRequest, "file");
        var latin1 = new ByteArrayContent(Encoding.Latin1.GetBytes(Plan().Replace("Koperasi Aktif", "Koperasi Aktíf")));
        latin1.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        await Refused(await planner.PostAsync(url, latin1), HttpStatusCode.BadRequest, "file");
        var huge = new ByteArrayContent(new byte[11 * 1024 * 1024]);
        huge.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        (await planner.PostAsync(url, huge)).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        await (await Upload(app.ClientFor(tenant, "planner", opd: "dinkes"), url, Plan())).Problem(HttpStatusCode.Forbidden);
        await (await Upload(app.ClientFor(tenant, "inspector"), url, Plan())).Problem(HttpStatusCode.Forbidden);
        (await app.EventCount(tenant)).ShouldBe(1, "only the OPD registration");
    }

    [Fact]
    public async Task realizations_import_once_and_a_verified_one_is_corrected_only_with_a_reason()
    {
        var (tenant, planner) = await Tenant();
        (await Upload(planner, $"/api/{tenant}/imports/rencana-aksi", Plan())).StatusCode.ShouldBe(HttpStatusCode.OK);
        var plan = await (await planner.GetAsync($"/api/{tenant}/opds/diskop/years/2022/plan")).Json(HttpStatusCode.OK);
        (await planner.PostJson($"/api/{tenant}/opds/diskop/years/2022/plan/agreement", new
        {
            expectedVersion = plan["version"]!.GetValue<int>(), documentNumber = "PK/01/2022", signedOn = "2022-02-01",
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var op = app.ClientFor(tenant, "operator", userId: "op-7", name: "Made Operator", opd: "diskop");
        const string header = "opd,year,indicator_code,period,value,budget_realized,evidence,supporting_factors,inhibiting_factors,follow_up\n";
        var csv = header + "diskop,2022,IKU-1,3,\"19,00\",18.000.000,Laporan Maret,Pendampingan,Belum RAT,Monitoring\n" +
                  "diskop,2022,IKK-1,3,BB,,LHE AKIP 2021,,,\n";
        var url = $"/api/{tenant}/imports/realisasi";

        var first = await (await Upload(op, url, csv)).Json(HttpStatusCode.OK);
        first["changes"]!.AsArray().Count.ShouldBe(2);
        (await (await Upload(op, url, csv)).Json(HttpStatusCode.OK))["changes"]!.AsArray().ShouldBeEmpty();

        var id = (await (await op.GetAsync($"/api/{tenant}/opds/diskop/years/2022/indicators")).Json(HttpStatusCode.OK))
            .AsArray().Single(i => i!["code"]!.GetValue<string>() == "IKU-1")!;
        (await app.ClientFor(tenant, "verifier", opd: "diskop").PostJson(
                $"/api/{tenant}/indicators/{id["id"]}/realizations/3/verification", new { expectedVersion = id["version"]!.GetValue<int>() }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var corrected = csv.Replace("\"19,00\"", "\"19,20\"");
        var events = await app.EventCount(tenant);
        await (await Upload(op, url, corrected)).Problem(HttpStatusCode.UnprocessableEntity);
        (await app.EventCount(tenant)).ShouldBe(events);
        (await (await Upload(op, $"{url}?correctionReason=Salah%20input", corrected)).Json(HttpStatusCode.OK))["changes"]!
            .AsArray().Single()!["kind"]!.GetValue<string>().ShouldBe("realizationCorrected");
    }
}
