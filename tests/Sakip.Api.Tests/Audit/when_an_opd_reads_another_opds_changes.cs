using System.Net;
using Sakip.Api.Tests.Indicators;

namespace Sakip.Api.Tests.Audit;

/// <summary>One rule for every read that shows who changed what: OPD-scoped roles read their own OPD only.</summary>
[Collection(SakipCollection.Name)]
public sealed class when_an_opd_reads_another_opds_changes(SakipApp app)
{
    private static IEnumerable<string> WhoChangedWhat(Buleleng2022 plan) =>
    [
        $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/history",
        $"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022/changes?from=2000-01-01T00:00:00Z",
        $"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022/revisions",
        $"/api/{plan.Tenant}/audit?opd={Buleleng2022.Opd}",
    ];

    [Theory]
    [InlineData("planner")]
    [InlineData("operator")]
    [InlineData("verifier")]
    public async Task a_scoped_role_of_another_opd_is_refused_every_read_of_who_changed_what(string role)
    {
        var plan = await new Buleleng2022(app).Established();
        (await plan.Admin.PostJson($"/api/{plan.Tenant}/opds", new { code = "dinkes", name = "Dinas Kesehatan", urusanCodes = new[] { "1.02" } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var other = app.ClientFor(plan.Tenant, role, userId: "other-1", opd: "dinkes");
        foreach (var url in WhoChangedWhat(plan))
            (await (await other.GetAsync(url)).Problem(HttpStatusCode.Forbidden))["detail"]!.GetValue<string>().ShouldContain("dinkes");

        await app.WaitForProjections(TimeSpan.FromSeconds(30));
        var own = (await (await other.GetAsync($"/api/{plan.Tenant}/audit")).Json(HttpStatusCode.OK))["entries"]!.AsArray();
        own.ShouldAllBe(e => e!["opd"]!.GetValue<string>() == "dinkes");
    }

    [Theory]
    [InlineData("operator", Buleleng2022.Opd)]
    [InlineData("analyst", null)]
    [InlineData("inspector", null)]
    public async Task its_own_opd_and_the_tenant_wide_readers_may(string role, string? opd)
    {
        var plan = await new Buleleng2022(app).Established();
        var reader = app.ClientFor(plan.Tenant, role, userId: "reader-1", opd: opd);
        foreach (var url in WhoChangedWhat(plan))
            (await reader.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK, url);
    }

    [Fact]
    public async Task the_system_role_reads_no_tenant_history()
    {
        var plan = await new Buleleng2022(app).Established();
        var system = app.ClientFor(plan.Tenant, "system", userId: "ops-1");
        foreach (var url in WhoChangedWhat(plan)) await (await system.GetAsync(url)).Problem(HttpStatusCode.Forbidden);
    }
}
