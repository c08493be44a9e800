using System.Net;
using Sakip.Api.Tests.Indicators;

namespace Sakip.Api.Tests.RencanaAksi;

[Collection(SakipCollection.Name)]
public sealed class when_an_auditor_compares_two_instants(SakipApp app)
{
    [Fact]
    public async Task the_changes_between_the_signing_and_the_perubahan_name_values_authors_and_legal_basis()
    {
        var plan = await new Buleleng2022(app).Established();
        var signed = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        (await plan.Planner.PutJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/targets", new
        {
            expectedVersion = 3, annualTarget = 80m,
            periodTargets = new object?[] { null, null, 19.5m, null, null, 39m, null, null, 60m, null, null, 80m },
            revision = Buleleng2022.TargetRevision(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.ClientFor(plan.Tenant, "admin", userId: "adm-9", name: "Gede Anggaran").PutJson(
            $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/budget", new
            {
                expectedVersion = 4, pagu = 80_000_000m,
                monthlyPlan = Buleleng2022.SimpanPinjamPlan.Take(11).Append(80_000_000m).ToArray(),
                revision = Buleleng2022.BudgetRevision(),
            })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var inspector = app.ClientFor(plan.Tenant, "inspector");
        var url = $"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022/changes";
        var report = await (await inspector.GetAsync($"{url}?from={Uri.EscapeDataString(signed.ToString("O"))}"))
            .Json(HttpStatusCode.OK);

        var subject = report["subjects"]!.AsArray().ShouldHaveSingleItem()!;
        subject["code"]!.GetValue<string>().ShouldBe("IKU-1");
        var changes = subject["changes"]!.AsArray().ToDictionary(c => c!["field"]!.GetValue<string>());
        changes.Keys.ShouldBe(["annualTarget", "periodTargets[9]", "periodTargets[12]", "pagu", "budgetPlan[12]"]);
        changes["annualTarget"]!["before"]!.GetValue<string>().ShouldBe("78");
        changes["annualTarget"]!["after"]!.GetValue<string>().ShouldBe("80");
        var targetEvent = changes["annualTarget"]!["events"]!.AsArray().ShouldHaveSingleItem()!;
        targetEvent["userName"]!.GetValue<string>().ShouldBe("Putu Perencana");
        targetEvent["legalBasis"]!["number"]!.GetValue<string>().ShouldBe("800/456/PK-P/Disdagperinkop/2022");
        targetEvent["reason"]!.GetValue<string>().ShouldBe("Penyesuaian target setelah evaluasi semester I");
        changes["pagu"]!["before"]!.GetValue<string>().ShouldBe("75144905.00");
        changes["pagu"]!["after"]!.GetValue<string>().ShouldBe("80000000.00");
        changes["pagu"]!["events"]![0]!["userName"]!.GetValue<string>().ShouldBe("Gede Anggaran");
        changes["pagu"]!["events"]![0]!["revisionKind"]!.GetValue<string>().ShouldBe("dppaPerubahan");
    }

    [Fact]
    public async Task a_reversed_window_a_malformed_instant_or_a_year_without_plan_is_a_clear_problem()
    {
        var plan = await new Buleleng2022(app).Established();
        var inspector = app.ClientFor(plan.Tenant, "inspector");
        var url = $"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years";

        (await (await inspector.GetAsync($"{url}/2022/changes?from=2022-12-01T00:00:00Z&to=2022-01-01T00:00:00Z"))
            .Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["from"]);
        (await (await inspector.GetAsync($"{url}/2022/changes?from=1%20Oktober%202022"))
            .Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["from"]);
        (await (await inspector.GetAsync($"{url}/2022/changes")).Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["from"]);
        await (await inspector.GetAsync($"{url}/2031/changes?from=2031-01-01T00:00:00Z")).Problem(HttpStatusCode.NotFound);
        await (await inspector.GetAsync($"{url}/2031/rencana-aksi?consistent=true")).Problem(HttpStatusCode.NotFound);
    }
}
