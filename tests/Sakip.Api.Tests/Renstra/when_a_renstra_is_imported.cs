using System.Net;
using System.Text.Json.Nodes;

namespace Sakip.Api.Tests.Renstra;

/// <summary>The IKU/IKI template, filled from seed 004 in samples/, imported through HTTP as a planner would.</summary>
[Collection(SakipCollection.Name)]
public sealed class when_a_renstra_is_imported(SakipApp app)
{
    private static List<(int Row, string? Column, string Message)> Warnings(JsonNode report) =>
        report["warnings"]!.AsArray().Select(w => (w!["row"]!.GetValue<int>(), w["column"]?.GetValue<string>(),
            w["message"]!.GetValue<string>())).ToList();

    [Fact]
    public async Task the_seed_004_sample_imports_whole_dry_then_real_then_idempotent()
    {
        var lb = await new LampungBarat2018(app).Registered();
        var dry = await (await LampungBarat2018.Upload(lb.Planner, $"{lb.ImportUrl}?dryRun=true&numberFormat=en", LampungBarat2018.Sample()))
            .Json(HttpStatusCode.OK);
        dry["errors"]!.AsArray().ShouldBeEmpty();
        dry["stored"]!.GetValue<bool>().ShouldBeFalse();
        var kinds = dry["changes"]!.AsArray().GroupBy(c => c!["kind"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count());
        kinds.ShouldBe(new Dictionary<string, int> { ["positionAdded"] = 21, ["indicatorDefined"] = 70 }, ignoreOrder: true);
        (await app.EventCount(lb.Tenant)).ShouldBe(1, "only the OPD registration");

        var real = await (await LampungBarat2018.Upload(lb.Planner, $"{lb.ImportUrl}?numberFormat=en", LampungBarat2018.Sample()))
            .Json(HttpStatusCode.OK);
        real["stored"]!.GetValue<bool>().ShouldBeTrue();
        var events = await app.EventCount(lb.Tenant);
        events.ShouldBe(1 + 1 + 21 + 70 * 2, "the OPD, the Renstra, its positions, and each indicator defined with its targets");

        var again = await (await LampungBarat2018.Upload(lb.Planner, $"{lb.ImportUrl}?numberFormat=en", LampungBarat2018.Sample()))
            .Json(HttpStatusCode.OK);
        again["changes"]!.AsArray().ShouldBeEmpty();
        again["unchanged"]!.GetValue<int>().ShouldBe(70);
        (await app.EventCount(lb.Tenant)).ShouldBe(events);

        var renstra = await lb.Read();
        renstra["status"]!.GetValue<string>().ShouldBe("draft");
        renstra["years"]!.AsArray().Select(y => y!.GetValue<int>()).ShouldBe([2018, 2019, 2020, 2021, 2022]);
        renstra["iku"]!.AsArray().Count.ShouldBe(4);
        var positions = renstra["positions"]!.AsArray();
        positions.Count.ShouldBe(21);
        positions.Sum(p => p!["indicators"]!.AsArray().Count).ShouldBe(66);
        positions[1]!["name"]!.GetValue<string>().ShouldStartWith("Sekretaris Dinas");
        positions[1]!["fungsi"]!.AsArray().Count.ShouldBe(4);
    }

    [Fact]
    public async Task target_cells_keep_their_number_and_unit_as_printed()
    {
        var lb = new LampungBarat2018(app);
        await lb.Imported();

        var koperasi = await lb.Indicator("IKU-1");                                         // "11 Kop" … "25 Kop"
        Targets(koperasi).ShouldBe([(2018, 11m, "Kop"), (2019, 17m, "Kop"), (2020, 22m, "Kop"), (2021, 23m, "Kop"), (2022, 25m, "Kop")]);
        koperasi["endTarget"]!.GetValue<decimal>().ShouldBe(25m);
        koperasi["current"]!["dataSource"]!.GetValue<string>().ShouldBe("Bid kop UKM");
        Targets(await lb.Indicator("IKU-2"))[0].ShouldBe((2018, 10m, "%"));                   // "10%"
        Targets(await lb.Indicator("IKI-02-1"))[4].ShouldBe((2022, 3m, "bidang"));            // "3 bidang"
        Targets(await lb.Indicator("IKU-3"))[1].ShouldBe((2019, 37.96m, "Milyar Rupiah"));    // "37.96", no unit printed
        Targets(await lb.Indicator("IKI-04-3"))[1].ShouldBe((2019, 656_081.37m, "dokumen"));  // "656,081.37"
        Targets(await lb.Indicator("IKI-06-6"))[2].ShouldBe((2020, 3.90m, "%"));              // "3.90%"
        var laju = await lb.Indicator("IKI-12-1");                                           // Laju Perubahan Harga: lower is better
        laju["polarity"]!.GetValue<string>().ShouldBe("negative");
        var hki = await lb.Indicator("IKI-14-4");                                            // "", "15 UMKM", "", "15 UMKM", ""
        hki["current"]!["targets"]![0]!["target"].ShouldBeNull();
        hki["current"]!["targets"]![1]!["target"]!.GetValue<decimal>().ShouldBe(15m);
    }

    private static List<(int, decimal, string)> Targets(JsonNode indicator) =>
        indicator["current"]!["targets"]!.AsArray().Select(t => (t!["year"]!.GetValue<int>(), t["target"]!.GetValue<decimal>(),
            t["unit"]!.GetValue<string>())).ToList();

    [Fact]
    public async Task the_importer_names_every_data_problem_the_seed_holds()
    {
        var lb = await new LampungBarat2018(app).Registered();
        var report = await (await LampungBarat2018.Upload(lb.Planner, $"{lb.ImportUrl}?dryRun=true&numberFormat=en",
            LampungBarat2018.Sample())).Json(HttpStatusCode.OK);
        var warnings = Warnings(report);

        // A unit that changes between years: IKI-04-1 "14 dokumen", "6 Kop", "9 Kop", "12 Kop", "15 Kop" (row 27)
        warnings.ShouldContain(w => w.Row == 27 && w.Column == "target_2019" && w.Message.Contains("unit changes between years") &&
                                    w.Message.Contains("'Kop' in 2019, 2020, 2021, 2022") && w.Message.Contains("'dokumen'"));
        // … and "1 dokumen", "4%", … (row 28), "13 dokumen", "6 Kop" (row 31), "1 produk", "1 kali" (row 61)
        warnings.ShouldContain(w => w.Row == 28 && w.Message.Contains("'%' in 2019"));
        warnings.ShouldContain(w => w.Row == 31 && w.Message.Contains("'Kop' in 2019"));
        warnings.ShouldContain(w => w.Row == 61 && w.Message.Contains("'kali' in 2019, 2020, 2021, 2022"));

        // A year's target a factor of ten or more from its neighbours: PDRB perdagangan "806.05", "37.96", "870.03"
        warnings.ShouldContain(w => w.Row == 4 && w.Column == "target_2019" && w.Message.Contains("37.96") && w.Message.Contains("factor of 10"));
        warnings.ShouldContain(w => w.Row == 8 && w.Column == "target_2019");                            // the same IKU in the Kepala Dinas table
        warnings.ShouldContain(w => w.Row == 29 && w.Column == "target_2018" && w.Message.Contains("656081.37"));   // "2 dokumen", "656,081.37"
        warnings.ShouldContain(w => w.Row == 30 && w.Column == "target_2018");                           // "2 dokumen", "250,171.34"
        warnings.ShouldNotContain(w => w.Row == 4 && w.Column != "target_2019", "only 2019 is out of line in that row");

        // A year left empty: HKI "", "15 UMKM", "", "15 UMKM", "" (row 62); pengelola pasar "", "", "32 orang" (row 69)
        warnings.Where(w => w.Row == 62 && w.Message.Contains("left empty")).Select(w => w.Column).ShouldBe(["target_2018", "target_2020", "target_2022"]);
        warnings.Where(w => w.Row == 69 && w.Message.Contains("left empty")).Select(w => w.Column).ShouldBe(["target_2018", "target_2019"]);

        // A unit that looks like a typo of the others': "74 uni", "80 unit", … (row 48)
        warnings.ShouldContain(w => w.Row == 48 && w.Column == "target_2018" && w.Message.Contains("'uni'") && w.Message.Contains("typo of 'unit'"));
        warnings.ShouldNotContain(w => w.Row == 48 && w.Message.Contains("unit changes"), "a typo is not a change of unit");

        // Position blocks whose title line the conversion misplaced: the Jabatan line holds the Kepala Dinas's tugas
        // (row 27), and both blocks print his functions a-c as tugas and d-e as fungsi (rows 27 and 31).
        warnings.ShouldContain(w => w.Row == 27 && w.Column == "position" && w.Message.Contains("reads as a duty"));
        warnings.ShouldContain(w => w.Row == 27 && w.Column == "tugas" && w.Message.Contains("'a.'"));
        warnings.ShouldContain(w => w.Row == 27 && w.Column == "fungsi" && w.Message.Contains("'d.'"));
        warnings.ShouldContain(w => w.Row == 31 && w.Column == "tugas" && w.Message.Contains("misplaced title line"));
        warnings.ShouldContain(w => w.Row == 31 && w.Column == "fungsi");
        warnings.Where(w => w.Column is "position" or "tugas" or "fungsi").Select(w => w.Row).Distinct().ShouldBe([27, 31],
            "no other block is out of place");
        warnings.Select(w => w.Row).Distinct().Order().ToList().ShouldBe([4, 8, 27, 28, 29, 30, 31, 48, 61, 62, 69],
            "every other row of the seed is in order");
    }

    [Fact]
    public async Task a_changed_copy_after_the_signing_is_a_renstra_perubahan_naming_its_years_batch_and_row()
    {
        var lb = await new LampungBarat2018(app).Established();
        // IKU-1 and its copy among the Kepala Dinas's IKI (rows 2 and 6): 2021 raised from "23 Kop" to "24 Kop"
        var changed = LampungBarat2018.Sample().Replace("11 Kop,17 Kop,22 Kop,23 Kop,25 Kop", "11 Kop,17 Kop,22 Kop,24 Kop,25 Kop");
        var before = await app.EventCount(lb.Tenant);
        var url = $"{lb.ImportUrl}?numberFormat=en";
        (await (await LampungBarat2018.Upload(lb.Planner, url, changed, "renstra-perubahan.csv")).Problem(HttpStatusCode.UnprocessableEntity))
            .ErrorFields().ShouldBe(["revision"]);

        var basis = "&revisionKind=renstraPerubahan&legalBasisType=SK%20Kepala%20Dinas&legalBasisNumber=060%2F12%2FKPTS%2F2021" +
                    "&legalBasisDate=2021-03-01&reason=Renstra%20Perubahan";
        var wrongYears = await (await LampungBarat2018.Upload(lb.Planner, $"{url}{basis}&years=2022", changed, "renstra-perubahan.csv"))
            .Problem(HttpStatusCode.UnprocessableEntity);
        wrongYears["errors"]!.AsArray().Select(e => (e!["row"]!.GetValue<int>(), e["column"]!.GetValue<string>())).ShouldBe([(2, "target_2021"), (6, "target_2021")]);
        (await app.EventCount(lb.Tenant)).ShouldBe(before);

        var reported = await lb.Indicator("IKU-1");                                                      // 2021 is realized: 23 Kop
        (await lb.Operator.PutJson($"/api/{lb.Tenant}/renstra-indicators/{reported["id"]}/realizations/2021", new
        {
            expectedVersion = reported["version"]!.GetValue<int>(), value = 23, evidence = "LKjIP 2021",
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        before = await app.EventCount(lb.Tenant);
        var unacknowledged = await (await LampungBarat2018.Upload(lb.Planner, $"{url}{basis}&years=2021", changed, "renstra-perubahan.csv"))
            .Problem(HttpStatusCode.UnprocessableEntity);
        unacknowledged["errors"]!.AsArray().Single()!["message"]!.GetValue<string>().ShouldContain("acknowledged");

        var report = await (await LampungBarat2018.Upload(lb.Planner, $"{url}{basis}&years=2021&acknowledgeRealizedYears=true", changed,
                "renstra-perubahan.csv")).Json(HttpStatusCode.OK);
        report["changes"]!.AsArray().Select(c => (c!["kind"]!.GetValue<string>(), c["code"]!.GetValue<string>(), c["detail"]!.GetValue<string>()))
            .ShouldBe([("targetsChanged", "IKU-1", "2021: 23 → 24"), ("targetsChanged", "IKI-01-1", "2021: 23 → 24")]);
        (await app.EventCount(lb.Tenant)).ShouldBe(before + 2);
        var iku = await lb.Indicator("IKU-1");
        var stored = (await app.EventsOf(lb.Tenant, $"rind:{iku["id"]}"))[^1];
        var set = (Sakip.Api.Renstra.RenstraTargetsSet)stored.Data;
        set.Revision!.Kind.ShouldBe(Sakip.Api.Domain.RevisionKind.RenstraPerubahan);
        set.Revision.Years.ShouldBe([2021]);
        set.RealizedYearsRevised.Single().ShouldBe(new Sakip.Api.Domain.RealizedPeriodRevised(2021, "23", "23", "24", false, false));
        stored.Headers!["import_file"].ToString().ShouldBe("renstra-perubahan.csv");
        stored.Headers["import_row"].ToString().ShouldBe("2");
        iku["murni"]!["targets"]![3]!["target"]!.GetValue<decimal>().ShouldBe(23m);
    }

    [Fact]
    public async Task the_document_format_is_chosen_per_file_and_a_wrong_one_stores_nothing()
    {
        var lb = await new LampungBarat2018(app).Registered();
        var refused = await (await LampungBarat2018.Upload(lb.Planner, lb.ImportUrl, LampungBarat2018.Sample())).Problem(HttpStatusCode.UnprocessableEntity);
        var errors = refused["errors"]!.AsArray();
        errors.ShouldContain(e => e!["row"]!.GetValue<int>() == 4 && e["column"]!.GetValue<string>() == "target_2018" &&
                                  e["value"]!.GetValue<string>() == "806.05");
        (await app.EventCount(lb.Tenant)).ShouldBe(1);
    }

    [Fact]
    public async Task a_broken_file_gets_every_row_error_and_stores_nothing()
    {
        var lb = await new LampungBarat2018(app).Registered();
        var csv = string.Join('\n',
            "opd,start_year,end_year,level,position,tugas,fungsi,sasaran,indicator_code,indicator,explanation,unit,polarity,data_source,target_2018,target_2019,target_2020,target_2021,target_2022,extra",
            "diskopukmperindag,2018,2022,iku,,,,Sasaran,IKU-1,Indikator,,Kop,positive,BPS,11 Kop,12 Kop,13 Kop,14 Kop,15 Kop,x",
            "diskopukmperindag,2018,2022,eselon,,,,Sasaran,IKU-2,Indikator,,%,positive,BPS,1,2,3,4,5,",
            "diskopukmperindag,2018,2022,iku,Kepala Dinas,,,Sasaran,IKU-3,Indikator,,%,upward,BPS,1,2,3,4,5,",
            "diskopukmperindag,2018,2022,iki,,,,Sasaran,IKU-1,Indikator,,%,positive,BPS,1,2,abc,4,5,",
            "diskopukmperindag,2018,2021,iki,Kepala Seksi,,,,IKI-1,Indikator,,,positive,BPS,1,2,3,4,5,");
        var refused = await (await LampungBarat2018.Upload(lb.Planner, $"{lb.ImportUrl}?numberFormat=en", csv)).Problem(HttpStatusCode.UnprocessableEntity);
        var errors = refused["errors"]!.AsArray().Select(e => (e!["row"]!.GetValue<int>(), e["column"]?.GetValue<string>())).ToList();
        errors.ShouldBe([
            (3, "level"), (4, "position"), (4, "polarity"), (5, "position"), (5, "indicator_code"), (5, "target_2020"),
            (6, "start_year"), (6, "sasaran"), (6, "unit"),
        ], ignoreOrder: true);
        refused["warnings"]!.AsArray().ShouldContain(w => w!["column"]!.GetValue<string>() == "extra");
        (await app.EventCount(lb.Tenant)).ShouldBe(1);
    }
}
