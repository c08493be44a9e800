using System.Net;
using Sakip.Api.Tests.Indicators;

namespace Sakip.Api.Tests.Realizations;

[Collection(SakipCollection.Name)]
public sealed class when_realizations_are_reported_and_verified(SakipApp app)
{
    private HttpClient Operator(Buleleng2022 plan) =>
        app.ClientFor(plan.Tenant, "operator", userId: "op-01", name: "Nyoman Operator", opd: Buleleng2022.Opd);

    private HttpClient Verifier(Buleleng2022 plan) =>
        app.ClientFor(plan.Tenant, "verifier", userId: "ver-01", name: "Ketut Kabid", opd: Buleleng2022.Opd);

    private static object March(int version, decimal value = 19m, string? correctionReason = null) => new
    {
        expectedVersion = version, value, budgetRealized = 18_000_000m, evidence = "Laporan RAT Koperasi Maret 2022",
        supportingFactors = "Pendampingan koperasi rutin", inhibitingFactors = "Koperasi belum RAT",
        followUp = "Monitoring ke koperasi", correctionReason,
    };

    [Fact]
    public async Task a_submission_is_verified_and_a_later_correction_needs_a_reason_and_is_flagged()
    {
        var plan = await new Buleleng2022(app).Established();
        var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations/3";

        var submitted = await (await Operator(plan).PutJson(url, March(3))).Json(HttpStatusCode.OK);
        submitted["realizations"]![0]!["status"]!.GetValue<string>().ShouldBe("submitted");
        submitted["realizations"]![0]!["budgetRealizedToDate"]!.GetValue<decimal>().ShouldBe(18_000_000m);

        (await Verifier(plan).PostJson($"{url}/verification", new { expectedVersion = 4, note = "Sesuai bukti" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var events = await app.EventCount(plan.Tenant);
        var refused = await (await Operator(plan).PutJson(url, March(5, 19.2m))).Problem(HttpStatusCode.UnprocessableEntity);
        refused.ErrorFields().ShouldBe(["correctionReason"]);
        (await app.EventCount(plan.Tenant)).ShouldBe(events);

        var corrected = await (await Operator(plan).PutJson(url, March(5, 19.2m, "Salah ketik angka"))).Json(HttpStatusCode.OK);
        corrected["realizations"]![0]!["value"]!.GetValue<decimal>().ShouldBe(19.2m);
        corrected["realizations"]![0]!["corrections"]!.GetValue<int>().ShouldBe(1);

        var stored = await app.EventsOf(plan.Tenant, $"ind:{plan.KoperasiAktif}");
        var correction = (Sakip.Api.Indicators.RealizationSubmitted)stored[^1].Data;
        correction.Correction.ShouldBe(new Sakip.Api.Indicators.Correction("Salah ketik angka", OfVerified: true));
        stored[^1].Headers!["user_role"].ToString().ShouldBe("operator");
    }

    [Fact]
    public async Task a_returned_realization_goes_back_to_the_operator_with_the_reason()
    {
        var plan = await new Buleleng2022(app).Established();
        var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations/3";
        (await Operator(plan).PutJson(url, March(3))).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await Verifier(plan).PostJson($"{url}/return", new { expectedVersion = 4 })).Problem(HttpStatusCode.BadRequest);
        var returned = await (await Verifier(plan).PostJson($"{url}/return",
            new { expectedVersion = 4, reason = "Bukti dukung belum dilampirkan" })).Json(HttpStatusCode.OK);
        returned["realizations"]![0]!["status"]!.GetValue<string>().ShouldBe("returned");
        returned["realizations"]![0]!["returnReason"]!.GetValue<string>().ShouldBe("Bukti dukung belum dilampirkan");

        await (await Verifier(plan).PostJson($"{url}/verification", new { expectedVersion = 5 }))
            .Problem(HttpStatusCode.UnprocessableEntity);
        (await Operator(plan).PutJson(url, March(5))).StatusCode.ShouldBe(HttpStatusCode.OK, "resubmitting a returned one needs no reason");
    }

    [Fact]
    public async Task each_refusal_stores_nothing()
    {
        var plan = await new Buleleng2022(app).Established();
        var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations";
        var events = await app.EventCount(plan.Tenant);

        await (await app.ClientFor(plan.Tenant, "operator", opd: "dinkes").PutJson($"{url}/3", March(3)))
            .Problem(HttpStatusCode.Forbidden);
        await (await plan.Planner.PutJson($"{url}/3", March(3))).Problem(HttpStatusCode.Forbidden);
        await (await Verifier(plan).PutJson($"{url}/3", March(3))).Problem(HttpStatusCode.Forbidden);
        (await (await Operator(plan).PutJson($"{url}/13", March(3))).Problem(HttpStatusCode.BadRequest))
            .ErrorFields().ShouldBe(["period"]);
        (await (await Operator(plan).PutJson($"{url}/3", new { expectedVersion = 3, value = 19m }))
            .Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["evidence"]);
        (await (await Operator(plan).PutJson($"/api/{plan.Tenant}/indicators/{plan.PredikatAkip}/realizations/3",
                new { expectedVersion = 3, value = "Z", evidence = "LHE AKIP" }))
            .Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["value"]);
        await (await Operator(plan).PutJson($"{url}/3", March(2))).Problem(HttpStatusCode.Conflict);
        (await app.EventCount(plan.Tenant)).ShouldBe(events);
    }

    [Fact]
    public async Task a_decreasing_running_total_is_stored_with_a_warning()
    {
        var plan = await new Buleleng2022(app).Established();
        var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations";
        (await Operator(plan).PutJson($"{url}/3", March(3, 19m))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var june = await (await Operator(plan).PutJson($"{url}/6", new
        {
            expectedVersion = 4, value = 18m, budgetRealized = 17_000_000m, evidence = "Laporan Juni",
        })).Json(HttpStatusCode.OK);
        june["warnings"]!.AsArray().Select(w => w!["field"]!.GetValue<string>()).ShouldBe(["value", "budgetRealized"]);
        june["realizations"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_draft_plan_and_a_closed_year_refuse_realizations()
    {
        var draft = await new Buleleng2022(app).Drafted();
        await (await Operator(draft).PutJson($"/api/{draft.Tenant}/indicators/{draft.KoperasiAktif}/realizations/3", March(3)))
            .Problem(HttpStatusCode.UnprocessableEntity);

        var plan = await new Buleleng2022(app).Established();
        var planVersion = (await (await plan.Planner.GetAsync(plan.PlanUrl)).Json(HttpStatusCode.OK))["version"]!.GetValue<int>();
        (await plan.Admin.PostJson($"{plan.PlanUrl}/closure", new { expectedVersion = planVersion, reason = "Tutup buku" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var closed = await (await Operator(plan).PutJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations/3",
            March(3))).Problem(HttpStatusCode.UnprocessableEntity);
        closed["detail"]!.GetValue<string>().ShouldContain("closed");
    }

    [Fact]
    public async Task revising_the_target_of_a_realized_period_needs_acknowledgement_and_is_flagged_when_lowered_below_a_shortfall()
    {
        var plan = await new Buleleng2022(app).Established();
        (await Operator(plan).PutJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations/3", March(3, 19m)))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var lowered = new object?[] { null, null, 18m, null, null, 39m, null, null, 58.5m, null, null, 78m };
        var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/targets";
        var events = await app.EventCount(plan.Tenant);

        var refused = await (await plan.Planner.PutJson(url, new
        {
            expectedVersion = 4, annualTarget = 78m, periodTargets = lowered,
            revision = Buleleng2022.TargetRevision(effectiveFromMonth: 3),
        })).Problem(HttpStatusCode.UnprocessableEntity);
        refused.ErrorFields().ShouldBe(["revision.acknowledgeRealizedPeriods"]);
        (await app.EventCount(plan.Tenant)).ShouldBe(events);

        (await plan.Planner.PutJson(url, new
        {
            expectedVersion = 4, annualTarget = 78m, periodTargets = lowered,
            revision = Buleleng2022.TargetRevision(effectiveFromMonth: 3, acknowledge: true),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var history = (await (await plan.Planner.GetAsync($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/history"))
            .Json(HttpStatusCode.OK)).AsArray();
        var flag = history[^1]!["realizedPeriodsRevised"]!.AsArray().ShouldHaveSingleItem()!;
        flag["period"]!.GetValue<int>().ShouldBe(3);
        flag["realized"]!.GetValue<string>().ShouldBe("19");
        flag["targetBefore"]!.GetValue<string>().ShouldBe("19.5");
        flag["targetAfter"]!.GetValue<string>().ShouldBe("18");
        flag["lowered"]!.GetValue<bool>().ShouldBeTrue();
        flag["loweredBelowShortfall"]!.GetValue<bool>().ShouldBeTrue("19 fell short of 19.5, then the target was lowered");
    }
}
