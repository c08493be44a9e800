using System.Net;

namespace Sakip.Api.Tests.Indicators;

[Collection(SakipCollection.Name)]
public sealed class when_a_change_to_an_indicator_is_refused(SakipApp app)
{
    private static readonly object?[] Targets = [null, null, 19.5m, null, null, 39m, null, null, 60m, null, null, 80m];

    private async Task<(Buleleng2022 Plan, string Url, int Version, long Events)> Established()
    {
        var plan = await new Buleleng2022(app).Established();
        var version = await plan.VersionOf(plan.KoperasiAktif);
        return (plan, $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}", version, await app.EventCount(plan.Tenant));
    }

    private async Task NothingStored(Buleleng2022 plan, long events) => (await app.EventCount(plan.Tenant)).ShouldBe(events);

    [Fact]
    public async Task a_change_without_legal_basis_after_establishment_is_422_naming_what_is_missing()
    {
        var (plan, url, version, events) = await Established();

        var problem = await (await plan.Planner.PutJson($"{url}/targets",
                new { expectedVersion = version, annualTarget = 80m, periodTargets = Targets }))
            .Problem(HttpStatusCode.UnprocessableEntity);
        problem.ErrorFields().ShouldBe(["revision"]);
        problem["detail"]!.GetValue<string>().ShouldContain("800/123/PK/Disdagperinkop/2022");

        var partial = await (await plan.Planner.PutJson($"{url}/targets", new
        {
            expectedVersion = version, annualTarget = 80m, periodTargets = Targets,
            revision = new { kind = "pkPerubahan", legalBasis = new { type = "PK Perubahan" } },
        })).Problem(HttpStatusCode.UnprocessableEntity);
        partial.ErrorFields().OrderBy(f => f).ShouldBe([
            "revision.effectiveFromMonth", "revision.legalBasis.date", "revision.legalBasis.number", "revision.reason",
        ]);

        await (await plan.Planner.PutJson($"{url}/responsible", new { expectedVersion = version, position = "Kabid Koperasi" }))
            .Problem(HttpStatusCode.UnprocessableEntity);
        await NothingStored(plan, events);
    }

    [Fact]
    public async Task a_stale_version_is_409_with_the_current_version()
    {
        var (plan, url, version, events) = await Established();
        var problem = await (await plan.Planner.PutJson($"{url}/targets", new
        {
            expectedVersion = version - 1, annualTarget = 80m, periodTargets = Targets, revision = Buleleng2022.TargetRevision(),
        })).Problem(HttpStatusCode.Conflict);
        problem["currentVersion"]!.GetValue<int>().ShouldBe(version);
        await NothingStored(plan, events);
    }

    [Fact]
    public async Task two_concurrent_revisions_of_one_indicator_never_both_win()
    {
        var (plan, url, version, events) = await Established();
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => plan.Planner.PutJson($"{url}/targets", new
        {
            expectedVersion = version, annualTarget = 80m + i,
            periodTargets = new object?[] { null, null, 19.5m, null, null, 39m, null, null, 60m, null, null, 80m + i },
            revision = Buleleng2022.TargetRevision(),
        })));
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(5);
        (await app.EventCount(plan.Tenant)).ShouldBe(events + 1);
    }

    [Fact]
    public async Task a_wrong_period_count_is_400_naming_the_field()
    {
        var (plan, url, version, events) = await Established();
        var problem = await (await plan.Planner.PutJson($"{url}/targets", new
        {
            expectedVersion = version, annualTarget = 80m, periodTargets = new object?[] { 20m, 40m, 60m, 80m },
            revision = Buleleng2022.TargetRevision(),
        })).Problem(HttpStatusCode.BadRequest);
        problem.ErrorFields().ShouldBe(["periodTargets"]);
        problem["detail"]!.GetValue<string>().ShouldContain("12");
        await NothingStored(plan, events);
    }

    [Fact]
    public async Task a_grade_not_on_the_scale_is_400_naming_the_cell()
    {
        var plan = await new Buleleng2022(app).Drafted();
        var events = await app.EventCount(plan.Tenant);
        var problem = await (await plan.Planner.PutJson($"/api/{plan.Tenant}/indicators/{plan.PredikatAkip}/targets", new
        {
            expectedVersion = 3, annualTarget = "A",
            periodTargets = new object?[] { "-", "-", "AAA", "-", "-", "-", "-", "-", "-", "-", "-", "-" },
        })).Problem(HttpStatusCode.BadRequest);
        problem.ErrorFields().ShouldBe(["periodTargets[3]"]);
        problem["detail"]!.GetValue<string>().ShouldContain("predikat-akip");
        await NothingStored(plan, events);
    }

    [Fact]
    public async Task a_revision_may_not_change_periods_before_its_effective_month()
    {
        var (plan, url, version, events) = await Established();
        var problem = await (await plan.Planner.PutJson($"{url}/targets", new
        {
            expectedVersion = version, annualTarget = 78m,
            periodTargets = new object?[] { null, null, 25m, null, null, 39m, null, null, 58.5m, null, null, 78m },
            revision = Buleleng2022.TargetRevision(effectiveFromMonth: 7),
        })).Problem(HttpStatusCode.UnprocessableEntity);
        problem.ErrorFields().ShouldBe(["periodTargets[3]"]);
        await NothingStored(plan, events);
    }

    [Fact]
    public async Task a_planner_of_another_opd_gets_403()
    {
        var (plan, url, version, events) = await Established();
        var other = app.ClientFor(plan.Tenant, "planner", userId: "pln-99", opd: "dinkes");
        await (await other.PutJson($"{url}/targets", new
        {
            expectedVersion = version, annualTarget = 80m, periodTargets = Targets, revision = Buleleng2022.TargetRevision(),
        })).Problem(HttpStatusCode.Forbidden);
        await (await other.PostJson($"{plan.PlanUrl}/nodes", new { expectedVersion = 1, level = "sasaran", code = "X", name = "X" }))
            .Problem(HttpStatusCode.Forbidden);
        await NothingStored(plan, events);
    }

    [Theory]
    [InlineData("inspector")]
    [InlineData("analyst")]
    [InlineData("operator")]
    [InlineData("verifier")]
    public async Task a_role_that_only_reads_gets_403(string role)
    {
        var (plan, url, version, events) = await Established();
        var reader = app.ClientFor(plan.Tenant, role, opd: Buleleng2022.Opd);
        await (await reader.PutJson($"{url}/targets", new
        {
            expectedVersion = version, annualTarget = 80m, periodTargets = Targets, revision = Buleleng2022.TargetRevision(),
        })).Problem(HttpStatusCode.Forbidden);
        await (await reader.PutJson($"{url}/budget", new { expectedVersion = version, pagu = 1m }))
            .Problem(HttpStatusCode.Forbidden);
        (await reader.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK, "reading stays open to every role");
        await NothingStored(plan, events);
    }

    [Fact]
    public async Task a_budget_on_an_indicator_that_does_not_carry_it_is_refused()
    {
        var plan = await new Buleleng2022(app).Drafted();
        var created = await (await plan.Planner.PostJson($"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022/indicators", new
        {
            code = "IKK-1b", nodeCode = "2.17.01.2.01", name = "Nilai SAKIP", unit = "nilai", aggregation = "last",
            schedule = "quarterly", periodTargets = new object?[] { null, null, null, 70m }, annualTarget = 70m,
        })).Json(HttpStatusCode.Created);
        var events = await app.EventCount(plan.Tenant);
        await (await plan.Planner.PutJson($"/api/{plan.Tenant}/indicators/{created["id"]}/budget",
            new { expectedVersion = 2, pagu = 1_000_000m })).Problem(HttpStatusCode.UnprocessableEntity);
        await (await plan.Planner.PostJson($"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022/indicators", new
        {
            code = "IKK-1c", nodeCode = "2.17.01.2.01", name = "Dua anggaran", unit = "%", aggregation = "last",
            schedule = "monthly", carriesBudget = true,
        })).Problem(HttpStatusCode.Conflict);
        await NothingStored(plan, events);
    }

    [Fact]
    public async Task a_closed_year_refuses_changes_until_an_audited_reopening()
    {
        var (plan, url, version, _) = await Established();
        var planVersion = (await (await plan.Planner.GetAsync(plan.PlanUrl)).Json(HttpStatusCode.OK))["version"]!.GetValue<int>();
        await (await plan.Planner.PostJson($"{plan.PlanUrl}/closure", new { expectedVersion = planVersion, reason = "Tutup buku 2022" }))
            .Problem(HttpStatusCode.Forbidden);
        (await plan.Admin.PostJson($"{plan.PlanUrl}/closure", new { expectedVersion = planVersion, reason = "Tutup buku 2022" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var events = await app.EventCount(plan.Tenant);

        var refused = await (await plan.Planner.PutJson($"{url}/targets", new
        {
            expectedVersion = version, annualTarget = 80m, periodTargets = Targets, revision = Buleleng2022.TargetRevision(),
        })).Problem(HttpStatusCode.UnprocessableEntity);
        refused["detail"]!.GetValue<string>().ShouldContain("closed");
        await NothingStored(plan, events);

        await (await plan.Admin.PostJson($"{plan.PlanUrl}/reopening", new { expectedVersion = planVersion + 1, reason = "Koreksi BPK" }))
            .Problem(HttpStatusCode.BadRequest);
        (await plan.Admin.PostJson($"{plan.PlanUrl}/reopening", new
        {
            expectedVersion = planVersion + 1, reason = "Koreksi atas temuan BPK",
            legalBasis = new { type = "LHP BPK", number = "12/LHP/XIX.DPS/05/2023", date = "2023-05-20" },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await plan.Planner.PutJson($"{url}/targets", new
        {
            expectedVersion = version, annualTarget = 80m, periodTargets = Targets, revision = Buleleng2022.TargetRevision(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var reopened = await (await plan.Planner.GetAsync(plan.PlanUrl)).Json(HttpStatusCode.OK);
        reopened["reopened"]!.GetValue<bool>().ShouldBeTrue();
    }
}
