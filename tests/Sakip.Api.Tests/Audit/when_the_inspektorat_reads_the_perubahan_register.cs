using System.Net;
using System.Text.Json.Nodes;
using Sakip.Api.Tests.Indicators;
using Snapshooter.Xunit;

namespace Sakip.Api.Tests.Audit;

[Collection(SakipCollection.Name)]
public sealed class when_the_inspektorat_reads_the_perubahan_register(SakipApp app)
{
    private sealed class Year(SakipApp app, Buleleng2022 plan)
    {
        public Buleleng2022 Plan => plan;
        private string Url => $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}";
        private HttpClient Operator => app.ClientFor(plan.Tenant, "operator", opd: Buleleng2022.Opd);

        public async Task Realize(int month, decimal value) =>
            (await Operator.PutJson($"{Url}/realizations/{month}", new
            {
                expectedVersion = await plan.VersionOf(plan.KoperasiAktif), value, evidence = "Laporan",
            })).StatusCode.ShouldBe(HttpStatusCode.OK);

        public async Task Verify(int month) =>
            (await app.ClientFor(plan.Tenant, "verifier", userId: "ver-01", opd: Buleleng2022.Opd).PostJson($"{Url}/realizations/{month}/verification",
                new { expectedVersion = await plan.VersionOf(plan.KoperasiAktif) })).StatusCode.ShouldBe(HttpStatusCode.OK);

        public async Task Correct(int month, decimal value) =>
            (await Operator.PutJson($"{Url}/realizations/{month}", new
            {
                expectedVersion = await plan.VersionOf(plan.KoperasiAktif), value, evidence = "Laporan revisi", correctionReason = "Salah input",
            })).StatusCode.ShouldBe(HttpStatusCode.OK);

        public async Task Revise(decimal march, decimal september, string basisDate = "2022-09-15", int effective = 3) =>
            (await plan.Planner.PutJson($"{Url}/targets", new
            {
                expectedVersion = await plan.VersionOf(plan.KoperasiAktif), annualTarget = 78m,
                periodTargets = new object?[] { null, null, march, null, null, 39m, null, null, september, null, null, 78m },
                revision = new
                {
                    kind = "pkPerubahan", legalBasis = new { type = "PK Perubahan", number = $"PK-P/{basisDate}", date = basisDate },
                    reason = "Penyesuaian", effectiveFromMonth = effective, acknowledgeRealizedPeriods = true,
                },
            })).StatusCode.ShouldBe(HttpStatusCode.OK);

        public async Task<JsonNode> Register() =>
            await (await app.ClientFor(plan.Tenant, "inspector").GetAsync(
                $"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022/revisions")).Json(HttpStatusCode.OK);
    }

    private async Task<Year> Established() => new(app, await new Buleleng2022(app).Established());

    private static List<string> Flags(JsonNode register) =>
        register["revisions"]!.AsArray().SelectMany(r => r!["flags"]!.AsArray().Select(f => f!["flag"]!.GetValue<string>())).ToList();

    [Fact]
    public async Task a_target_lowered_after_a_shortfall_is_flagged_and_its_innocent_twin_is_not()
    {
        var flagged = await Established();
        await flagged.Realize(3, 19m);       // short of 19.5
        await flagged.Revise(march: 18m, september: 58.5m);
        Flags(await flagged.Register()).ShouldBe(["realizedPeriodRevised", "targetLoweredAfterShortfall"]);

        var twin = await Established();
        await twin.Realize(3, 20m);          // met 19.5, then the target is lowered: revised, not after a shortfall
        await twin.Revise(march: 18m, september: 58.5m);
        Flags(await twin.Register()).ShouldBe(["realizedPeriodRevised"]);

        var innocent = await Established();
        await innocent.Revise(march: 19.5m, september: 60m, effective: 9);
        Flags(await innocent.Register()).ShouldBeEmpty();
    }

    [Fact]
    public async Task correcting_a_verified_realization_is_flagged_and_correcting_an_unverified_one_is_not()
    {
        var flagged = await Established();
        await flagged.Realize(3, 19m);
        await flagged.Verify(3);
        await flagged.Correct(3, 19.3m);
        var register = await flagged.Register();
        Flags(register).ShouldBe(["verifiedRealizationCorrected"]);
        register["revisions"]![0]!["legalBasis"].ShouldBeNull("a correction is not a revision with a legal basis");

        var twin = await Established();
        await twin.Realize(3, 19m);
        await twin.Correct(3, 19.3m);
        Flags(await twin.Register()).ShouldBeEmpty();
    }

    [Fact]
    public async Task legal_bases_dated_after_the_recording_or_before_the_agreement_are_flagged()
    {
        var future = await Established();
        await future.Revise(19.5m, 60m, basisDate: "2099-01-01", effective: 9);
        Flags(await future.Register()).ShouldBe(["legalBasisDatedAfterRecording"]);

        var early = await Established();
        await early.Revise(19.5m, 60m, basisDate: "2022-01-15", effective: 9);  // the PK was signed 2022-02-01
        Flags(await early.Register()).ShouldBe(["legalBasisDatedBeforeAgreement"]);
    }

    [Fact]
    public async Task a_change_while_the_year_is_reopened_is_flagged_and_the_summary_counts_it()
    {
        var year = await Established();
        var planUrl = year.Plan.PlanUrl;
        var version = (await (await year.Plan.Planner.GetAsync(planUrl)).Json(HttpStatusCode.OK))["version"]!.GetValue<int>();
        (await year.Plan.Admin.PostJson($"{planUrl}/closure", new { expectedVersion = version, reason = "Tutup" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await year.Plan.Admin.PostJson($"{planUrl}/reopening", new
        {
            expectedVersion = version + 1, reason = "LHP", legalBasis = new { type = "LHP BPK", number = "1/LHP/2023", date = "2023-05-20" },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await year.Revise(19.5m, 60m, effective: 9);
        (await year.Plan.Admin.PutJson($"/api/{year.Plan.Tenant}/indicators/{year.Plan.KoperasiAktif}/budget", new
        {
            expectedVersion = await year.Plan.VersionOf(year.Plan.KoperasiAktif), pagu = 80_000_000m,
            monthlyPlan = Buleleng2022.SimpanPinjamPlan.Take(11).Append(80_000_000m).ToArray(), revision = Buleleng2022.BudgetRevision(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var register = await year.Register();
        Flags(register).ShouldBe(["changedWhileReopened", "changedWhileReopened"]);
        var summary = register["summary"]!;
        summary["revisions"]!.GetValue<int>().ShouldBe(2);
        summary["flaggedRevisions"]!.GetValue<int>().ShouldBe(2);
        summary["indicatorsTouched"]!.GetValue<int>().ShouldBe(1);
        summary["netBudgetChange"]!.GetValue<decimal>().ShouldBe(80_000_000m - 75_144_905m);

        var all = await (await app.ClientFor(year.Plan.Tenant, "inspector").GetAsync($"/api/{year.Plan.Tenant}/revisions/summary?year=2022"))
            .Json(HttpStatusCode.OK);
        all.AsArray().ShouldHaveSingleItem()!["netBudgetChange"]!.GetValue<decimal>().ShouldBe(4_855_095m);

        var pinned = (Newtonsoft.Json.Linq.JObject)Contracts.when_event_contracts_are_stored.Scrubbed(
            Newtonsoft.Json.Linq.JToken.Parse(register.ToJsonString()));
        foreach (var change in pinned.SelectTokens("revisions[*].changes[*]").OfType<Newtonsoft.Json.Linq.JObject>())
            change.Remove("sequence");
        Snapshot.Match(pinned, "perubahan-register-json");
    }
}
