using System.Net;
using System.Text.Json.Nodes;

namespace Sakip.Api.Tests.Indicators;

[Collection(SakipCollection.Name)]
public sealed class when_a_target_is_revised_after_the_agreement_is_signed(SakipApp app)
{
    private static readonly object?[] RevisedTargets = [null, null, 19.5m, null, null, 39m, null, null, 60m, null, null, 80m];

    private static decimal?[] RevisedPlan()
    {
        var plan = Buleleng2022.SimpanPinjamPlan.ToArray();
        plan[10] = 76_000_000m;
        plan[11] = 80_000_000m;
        return plan;
    }

    [Fact]
    public async Task state_and_history_show_murni_and_perubahan_with_the_user_and_legal_basis_of_each_change()
    {
        var plan = await new Buleleng2022(app).Established();
        var id = plan.KoperasiAktif;

        var revised = await (await plan.Planner.PutJson($"/api/{plan.Tenant}/indicators/{id}/targets", new
        {
            expectedVersion = 3, annualTarget = 80m, periodTargets = RevisedTargets, revision = Buleleng2022.TargetRevision(),
        })).Json(HttpStatusCode.OK);
        revised["version"]!.GetValue<int>().ShouldBe(4);

        var budgetBy = app.ClientFor(plan.Tenant, "admin", userId: "adm-07", name: "Gede Anggaran");
        (await budgetBy.PutJson($"/api/{plan.Tenant}/indicators/{id}/budget", new
        {
            expectedVersion = 4, pagu = 80_000_000m, monthlyPlan = RevisedPlan(), revision = Buleleng2022.BudgetRevision(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var state = await plan.Indicator(id);
        state["version"]!.GetValue<int>().ShouldBe(5);
        state["current"]!["annualTarget"]!.GetValue<decimal>().ShouldBe(80m);
        state["murni"]!["annualTarget"]!.GetValue<decimal>().ShouldBe(78m);
        state["current"]!["periodTargets"]![8]!.GetValue<decimal>().ShouldBe(60m);
        state["murni"]!["periodTargets"]![8]!.GetValue<decimal>().ShouldBe(58.5m);
        state["current"]!["budget"]!["pagu"]!.GetValue<decimal>().ShouldBe(80_000_000m);
        state["murni"]!["budget"]!["pagu"]!.GetValue<decimal>().ShouldBe(75_144_905m);
        state["phase"]!.GetValue<int>().ShouldBe(2);
        state["revisions"]!.AsArray().Select(r => r!["revision"]!["kind"]!.GetValue<string>())
            .ShouldBe(["pkPerubahan", "dppaPerubahan"]);

        var history = (await (await plan.Planner.GetAsync($"/api/{plan.Tenant}/indicators/{id}/history"))
            .Json(HttpStatusCode.OK)).AsArray();
        history.Select(h => h!["eventType"]!.GetValue<string>())
            .ShouldBe(["indicator_defined", "targets_set", "budget_set", "targets_set", "budget_set"]);
        history.Take(3).ShouldAllBe(h => h!["userName"]!.GetValue<string>() == "Putu Perencana");
        history[0]!["legalBasis"].ShouldBeNull("draft changes need no legal basis");

        var targetRevision = history[3]!;
        targetRevision["userId"]!.GetValue<string>().ShouldBe("pln-01");
        targetRevision["userRole"]!.GetValue<string>().ShouldBe("planner");
        targetRevision["revisionKind"]!.GetValue<string>().ShouldBe("pkPerubahan");
        targetRevision["legalBasis"]!["number"]!.GetValue<string>().ShouldBe("800/456/PK-P/Disdagperinkop/2022");
        targetRevision["reason"]!.GetValue<string>().ShouldBe("Penyesuaian target setelah evaluasi semester I");
        targetRevision["correlationId"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        Changes(targetRevision).ShouldBe([
            ("annualTarget", "78", "80"), ("periodTargets[9]", "58.5", "60"), ("periodTargets[12]", "78", "80"),
        ]);

        var budgetRevision = history[4]!;
        budgetRevision["userName"]!.GetValue<string>().ShouldBe("Gede Anggaran");
        budgetRevision["revisionKind"]!.GetValue<string>().ShouldBe("dppaPerubahan");
        Changes(budgetRevision).ShouldBe([
            ("pagu", "75144905.00", "80000000.00"), ("budgetPlan[11]", "69882875.00", "76000000.00"),
            ("budgetPlan[12]", "75144905.00", "80000000.00"),
        ]);
    }

    [Fact]
    public async Task the_draft_values_are_read_back_as_the_seed_prints_them()
    {
        var plan = await new Buleleng2022(app).Drafted();

        var akip = await plan.Indicator(plan.PredikatAkip);
        akip["valueKind"]!.GetValue<string>().ShouldBe("grade");
        akip["current"]!["annualTarget"]!.GetValue<string>().ShouldBe("A");
        akip["current"]!["periodTargets"]![2]!.GetValue<string>().ShouldBe("A");
        akip["current"]!["periodTargets"]![0].ShouldBeNull("'-' means no target, not zero");
        akip["current"]!["budget"]!["monthlyPlan"]![11]!.GetValue<decimal>().ShouldBe(539_977_592m);
        akip["murni"].ShouldBeNull();

        var list = (await (await plan.Planner.GetAsync($"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022/indicators"))
            .Json(HttpStatusCode.OK)).AsArray();
        list.Select(i => i!["code"]!.GetValue<string>()).ShouldBe(["IKK-1", "IKK-2", "IKU-1"]);

        var draftPlan = await (await plan.Planner.GetAsync(plan.PlanUrl)).Json(HttpStatusCode.OK);
        draftPlan["status"]!.GetValue<string>().ShouldBe("draft");
        draftPlan["nodes"]!.AsArray().Count.ShouldBe(6);
    }

    [Fact]
    public async Task soft_problems_are_stored_and_returned_as_warnings()
    {
        var plan = await new Buleleng2022(app).Drafted();
        var response = await (await plan.Planner.PutJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/targets", new
        {
            expectedVersion = 3, annualTarget = 80m,
            periodTargets = new object?[] { null, null, 19.5m, null, null, 39m, null, null, 30m, null, null, 78m },
        })).Json(HttpStatusCode.OK);

        var warnings = response["warnings"]!.AsArray().Select(w => w!["field"]!.GetValue<string>()).ToList();
        warnings.ShouldBe(["periodTargets", "annualTarget"]);
        (await plan.Indicator(plan.KoperasiAktif))["current"]!["annualTarget"]!.GetValue<decimal>().ShouldBe(80m);
    }

    private static List<(string, string?, string?)> Changes(JsonNode entry) =>
        entry["changes"]!.AsArray()
            .Select(c => (c!["field"]!.GetValue<string>(), c["before"]?.GetValue<string>(), c["after"]?.GetValue<string>()))
            .ToList();
}
