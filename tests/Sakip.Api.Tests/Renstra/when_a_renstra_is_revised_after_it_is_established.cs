using System.Net;
using System.Text.Json.Nodes;

namespace Sakip.Api.Tests.Renstra;

[Collection(SakipCollection.Name)]
public sealed class when_a_renstra_is_revised_after_it_is_established(SakipApp app)
{
    private static object Targets(params (int Year, object? Target)[] targets) =>
        targets.Select(t => new { year = t.Year, target = t.Target }).ToArray();

    private static readonly (int, object?)[] Koperasi = [(2018, "11 Kop"), (2019, "17 Kop"), (2020, "22 Kop"), (2021, "23 Kop"), (2022, "25 Kop")];

    private static (int, object?)[] With(params (int Year, object? Target)[] changes) =>
        Koperasi.Select(t => changes.FirstOrDefault(c => c.Year == t.Item1) is { Target: not null } c ? (t.Item1, c.Target) : t).ToArray();

    [Fact]
    public async Task in_draft_a_target_changes_freely_and_is_recorded_without_a_legal_basis()
    {
        var lb = new LampungBarat2018(app);
        await lb.Imported();
        var iku = await lb.Indicator("IKU-1");
        var changed = await (await lb.Planner.PutJson($"/api/{lb.Tenant}/renstra-indicators/{iku["id"]}/targets", new
        {
            expectedVersion = iku["version"]!.GetValue<int>(), targets = Targets(With((2022, "26 Kop"))),
        })).Json(HttpStatusCode.OK);
        changed["current"]!["targets"]![4]!["target"]!.GetValue<decimal>().ShouldBe(26m);
        changed["murni"].ShouldBeNull("a draft has no murni values: nothing was established yet");
        changed["revisions"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task a_target_change_is_a_renstra_perubahan_stating_its_legal_basis_reason_and_years()
    {
        var lb = await new LampungBarat2018(app).Established();
        var iku = await lb.Indicator("IKU-1");
        var url = $"/api/{lb.Tenant}/renstra-indicators/{iku["id"]}/targets";
        var version = iku["version"]!.GetValue<int>();
        var before = await app.EventCount(lb.Tenant);

        var bare = await (await lb.Planner.PutJson(url, new { expectedVersion = version, targets = Targets(With((2021, "24 Kop"), (2022, "27 Kop"))) }))
            .Problem(HttpStatusCode.UnprocessableEntity);
        bare.ErrorFields().ShouldBe(["revision"]);
        var partial = await (await lb.Planner.PutJson(url, new
        {
            expectedVersion = version, targets = Targets(With((2021, "24 Kop"))),
            revision = new { kind = "renstraPerubahan", reason = "Evaluasi", legalBasis = new { type = "SK" } },
        })).Problem(HttpStatusCode.UnprocessableEntity);
        partial.ErrorFields().ShouldBe(["revision.legalBasis.number", "revision.legalBasis.date", "revision.years"], ignoreOrder: true);
        var unstated = await (await lb.Planner.PutJson(url, new
        {
            expectedVersion = version, targets = Targets(With((2021, "24 Kop"), (2022, "27 Kop"))), revision = LampungBarat2018.Revision([2021]),
        })).Problem(HttpStatusCode.UnprocessableEntity);
        unstated.ErrorFields().ShouldBe(["revision.years"]);
        unstated["detail"]!.GetValue<string>().ShouldContain("2022");
        (await app.EventCount(lb.Tenant)).ShouldBe(before, "a refused change stores nothing");

        var revised = await (await lb.Planner.PutJson(url, new
        {
            expectedVersion = version, targets = Targets(With((2021, "24 Kop"), (2022, "27 Kop"))), revision = LampungBarat2018.Revision([2021, 2022]),
        })).Json(HttpStatusCode.OK);
        revised["current"]!["targets"]![3]!["target"]!.GetValue<decimal>().ShouldBe(24m);
        revised["murni"]!["targets"]![3]!["target"]!.GetValue<decimal>().ShouldBe(23m, "the values the signing fixed stay readable");
        revised["endTarget"]!.GetValue<decimal>().ShouldBe(27m);
        var entry = revised["revisions"]!.AsArray().Single()!;
        entry["revision"]!["kind"]!.GetValue<string>().ShouldBe("renstraPerubahan");
        entry["revision"]!["years"]!.AsArray().Select(y => y!.GetValue<int>()).ShouldBe([2021, 2022]);

        var stored = (await app.EventsOf(lb.Tenant, $"rind:{iku["id"]}"))[^1];
        var set = (Sakip.Api.Renstra.RenstraTargetsSet)stored.Data;
        set.Revision!.LegalBasis.Number.ShouldBe("060/12/KPTS/2021-03-01");
        set.Revision.Years.ShouldBe([2021, 2022]);
        stored.Headers!["user_name"].ToString().ShouldBe("Nyoman Perencana");
    }

    [Fact]
    public async Task an_indicator_reads_now_at_an_instant_and_as_its_history()
    {
        var lb = await new LampungBarat2018(app).Established();
        var iku = await lb.Indicator("IKU-1");
        var url = $"/api/{lb.Tenant}/renstra-indicators/{iku["id"]}";
        var before = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        (await lb.Planner.PutJson($"{url}/targets", new
        {
            expectedVersion = iku["version"]!.GetValue<int>(), targets = Targets(With((2022, "26 Kop"))), revision = LampungBarat2018.Revision([2022]),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await (await lb.Inspector.GetAsync(url)).Json(HttpStatusCode.OK))["endTarget"]!.GetValue<decimal>().ShouldBe(26m);
        var then = await (await lb.Inspector.GetAsync($"{url}?asOf={Uri.EscapeDataString(before.ToString("O"))}")).Json(HttpStatusCode.OK);
        then["endTarget"]!.GetValue<decimal>().ShouldBe(25m);
        then.ToJsonString().ShouldBe(iku.ToJsonString(), "as of before the change it is the indicator as the Renstra showed it then");

        var history = (await (await lb.Inspector.GetAsync($"{url}/history")).Json(HttpStatusCode.OK)).AsArray();
        history.Select(h => h!["eventType"]!.GetValue<string>()).ShouldBe(["renstra_indicator_defined", "renstra_targets_set", "renstra_targets_set"]);
        var last = history[^1]!;
        last["legalBasis"]!["documentType"]!.GetValue<string>().ShouldBe("SK Kepala Dinas");
        last["userName"]!.GetValue<string>().ShouldBe("Nyoman Perencana");
        last["changes"]!.AsArray().Single()!["before"]!.GetValue<string>().ShouldBe("25 Kop");
        history[0]!["source"]!.GetValue<string>().ShouldBe("import");
    }

    [Fact]
    public async Task the_revision_is_in_the_audit_trail_and_the_register_with_its_red_flags()
    {
        var lb = await new LampungBarat2018(app).Established();
        var iku = await lb.Indicator("IKU-1");
        var id = iku["id"]!.GetValue<string>();
        (await lb.Operator.PutJson($"/api/{lb.Tenant}/renstra-indicators/{id}/realizations/2019", new
        {
            expectedVersion = iku["version"]!.GetValue<int>(), value = 16, evidence = "LKjIP 2019",
        })).StatusCode.ShouldBe(HttpStatusCode.OK);                                                     // short of 17 Kop
        var version = (await lb.Indicator("IKU-1"))["version"]!.GetValue<int>();
        var lowered = new { expectedVersion = version, targets = Targets(With((2019, "15 Kop"))), revision = LampungBarat2018.Revision([2019]) };
        var refused = await (await lb.Planner.PutJson($"/api/{lb.Tenant}/renstra-indicators/{id}/targets", lowered))
            .Problem(HttpStatusCode.UnprocessableEntity);
        refused.ErrorFields().ShouldBe(["revision.acknowledgeRealizedYears"]);
        (await lb.Planner.PutJson($"/api/{lb.Tenant}/renstra-indicators/{id}/targets", new
        {
            expectedVersion = version, targets = Targets(With((2019, "15 Kop"))),
            revision = LampungBarat2018.Revision([2019], date: "2019-12-01", acknowledge: true),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var other = await lb.Indicator("IKU-2");
        (await lb.Planner.PutJson($"/api/{lb.Tenant}/renstra-indicators/{other["id"]}/targets", new
        {
            expectedVersion = other["version"]!.GetValue<int>(), revision = LampungBarat2018.Revision([2022], date: "2099-01-01"),
            targets = new object[] { new { year = 2018, target = "10%" }, new { year = 2019, target = "10%" }, new { year = 2020, target = "10%" },
                new { year = 2021, target = "10%" }, new { year = 2022, target = "12%" } },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var register = await (await lb.Inspector.GetAsync($"{lb.Url}/revisions")).Json(HttpStatusCode.OK);
        register["summary"]!["revisions"]!.GetValue<int>().ShouldBe(2);
        register["summary"]!["flaggedRevisions"]!.GetValue<int>().ShouldBe(2);
        register["revisions"]![1]!["flags"]!.AsArray().Select(f => f!["flag"]!.GetValue<string>()).ShouldBe(["legalBasisDatedAfterRecording"]);
        register["summary"]!["establishedBy"]!["number"]!.GetValue<string>().ShouldBe("060/45/KPTS/2020");
        var revision = register["revisions"]![0]!;
        revision["legalBasis"]!["number"]!.GetValue<string>().ShouldBe("060/12/KPTS/2019-12-01");
        revision["years"]!.AsArray().Select(y => y!.GetValue<int>()).ShouldBe([2019]);
        revision["flags"]!.AsArray().Select(f => f!["flag"]!.GetValue<string>()).ShouldBe(
            ["realizedPeriodRevised", "targetLoweredAfterShortfall", "legalBasisDatedBeforeAgreement"]);
        revision["changes"]![0]!["changes"]!.AsArray().Single(c => c!["field"]!.GetValue<string>() == "target[2019]")!["after"]!
            .GetValue<string>().ShouldBe("15 Kop");

        await app.WaitForProjections(TimeSpan.FromSeconds(60));
        var trail = await (await lb.Inspector.GetAsync($"/api/{lb.Tenant}/audit?indicator=IKU-1&limit=500")).Json(HttpStatusCode.OK);
        var entries = trail["entries"]!.AsArray();
        entries.Select(e => e!["eventType"]!.GetValue<string>()).ShouldBe(
            ["renstra_targets_set", "renstra_realization_reported", "renstra_targets_set", "renstra_indicator_defined"]);
        var change = entries[0]!;
        change["subject"]!.GetValue<string>().ShouldBe("renstraIndicator");
        change["opd"]!.GetValue<string>().ShouldBe(LampungBarat2018.Opd);
        change["revisionKind"]!.GetValue<string>().ShouldBe("renstraPerubahan");
        change["legalBasis"]!["number"]!.GetValue<string>().ShouldBe("060/12/KPTS/2019-12-01");
        change["reason"]!.GetValue<string>().ShouldBe("Renstra Perubahan setelah evaluasi paruh waktu");
        change["userName"]!.GetValue<string>().ShouldBe("Nyoman Perencana");
        var field = change["changes"]!.AsArray().Single()!;
        (field["field"]!.GetValue<string>(), field["before"]!.GetValue<string>(), field["after"]!.GetValue<string>())
            .ShouldBe(("target[2019]", "17 Kop", "15 Kop"));
        entries[^1]!["importFile"]!.GetValue<string>().ShouldBe(LampungBarat2018.SampleFile);
    }

    [Fact]
    public async Task a_year_reported_directly_is_corrected_only_with_a_reason_and_the_correction_is_flagged()
    {
        var lb = await new LampungBarat2018(app).Established();
        var iku = await lb.Indicator("IKU-2");
        var url = $"/api/{lb.Tenant}/renstra-indicators/{iku["id"]}/realizations/2018";
        var version = iku["version"]!.GetValue<int>();
        (await lb.Operator.PutJson(url, new { expectedVersion = version, value = 8.5, evidence = "LKjIP 2018" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await lb.Operator.PutJson(url, new { expectedVersion = version + 1, value = 9.5, evidence = "LKjIP 2018 (revisi)" }))
            .Problem(HttpStatusCode.UnprocessableEntity)).ErrorFields().ShouldBe(["correctionReason"]);
        var corrected = await (await lb.Operator.PutJson(url, new
        {
            expectedVersion = version + 1, value = 9.5, evidence = "LKjIP 2018 (revisi)", correctionReason = "Salah hitung",
        })).Json(HttpStatusCode.OK);
        corrected["realizations"]![0]!["corrections"]!.GetValue<int>().ShouldBe(1);

        var register = await (await lb.Inspector.GetAsync($"{lb.Url}/revisions")).Json(HttpStatusCode.OK);
        var revision = register["revisions"]!.AsArray().Single()!;
        revision["legalBasis"].ShouldBeNull("a correction is not a revision with a legal basis");
        revision["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["Salah hitung"]);
        revision["flags"]!.AsArray().Select(f => f!["flag"]!.GetValue<string>()).ShouldBe(["realizationCorrected"]);
        await (await lb.Operator.PutJson(url.Replace("2018", "2017"), new { expectedVersion = version + 2, value = 1, evidence = "x" }))
            .Problem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task a_misplaced_position_block_is_corrected_by_a_revision_and_no_longer_warned_about()
    {
        var lb = await new LampungBarat2018(app).Established();
        var position = (await lb.Read())["positions"]![3]!;
        position["name"]!.GetValue<string>().ShouldStartWith("Melaksanakan penyusunan");
        var url = $"{lb.Url}/positions/{position["id"]}";
        var corrected = new
        {
            expectedVersion = await lb.Version(), name = "Kasubbag Keuangan Dinas Koperasi UKM, Perindustrian dan Perdagangan Kabupaten Lampung Barat",
            tugas = "Menyiapkan bahan dalam rangka membantu melaksanakan penjabaran kebijakan teknis di sub bagian keuangan",
            fungsi = new[] { "a. Pengelolaan administrasi keuangan", "b. Penyusunan laporan keuangan" },
        };
        (await (await lb.Planner.PutJson(url, corrected)).Problem(HttpStatusCode.UnprocessableEntity)).ErrorFields().ShouldBe(["revision"]);

        var fixedBlock = await (await lb.Planner.PutJson(url, new
        {
            corrected.expectedVersion, corrected.name, corrected.tugas, corrected.fungsi,
            revision = new
            {
                kind = "administrativeCorrection", legalBasis = new { type = "Nota Dinas", number = "ND/3/2020", date = "2020-02-01" },
                reason = "Judul jabatan tergeser saat konversi dokumen", years = new[] { 2018, 2019, 2020, 2021, 2022 },
            },
        })).Json(HttpStatusCode.OK);
        fixedBlock["warnings"]!.AsArray().ShouldBeEmpty();
        var renstra = await lb.Read();
        renstra["positions"]![3]!["name"]!.GetValue<string>().ShouldStartWith("Kasubbag Keuangan");
        renstra["positions"]![3]!["indicators"]!.AsArray().Count.ShouldBe(4, "its IKI stay with it");
        renstra["revisions"]!.AsArray().Single()!["revision"]!["kind"]!.GetValue<string>().ShouldBe("administrativeCorrection");

        await app.WaitForProjections(TimeSpan.FromSeconds(60));
        var trail = await (await lb.Inspector.GetAsync($"/api/{lb.Tenant}/audit?eventType=renstra_position_changed")).Json(HttpStatusCode.OK);
        var entry = trail["entries"]!.AsArray().Single()!;
        entry["subject"]!.GetValue<string>().ShouldBe("renstra");
        entry["legalBasis"]!["number"]!.GetValue<string>().ShouldBe("ND/3/2020");
        entry["changes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).ShouldBe(
            [$"positions[{position["id"]}].name", $"positions[{position["id"]}].tugas", $"positions[{position["id"]}].fungsi"]);
    }
}
