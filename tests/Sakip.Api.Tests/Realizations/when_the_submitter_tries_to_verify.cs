using System.Net;
using Sakip.Api.Tests.Indicators;

namespace Sakip.Api.Tests.Realizations;

/// <summary>Four eyes: whoever submitted a realization may not verify it as well, whatever their role.</summary>
[Collection(SakipCollection.Name)]
public sealed class when_the_submitter_tries_to_verify(SakipApp app)
{
    [Theory]
    [InlineData("verifier")]
    [InlineData("admin")]
    public async Task the_same_user_is_refused_and_another_verifier_may(string role)
    {
        var plan = await new Buleleng2022(app).Established();
        var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations/3";
        var submitter = app.ClientFor(plan.Tenant, role == "admin" ? "admin" : "operator", userId: "made-1", opd: role == "admin" ? null : Buleleng2022.Opd);
        (await submitter.PutJson(url, new { expectedVersion = 3, value = 19m, evidence = "Laporan RAT Maret 2022" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var events = await app.EventCount(plan.Tenant);

        var same = app.ClientFor(plan.Tenant, role, userId: "made-1", opd: role == "admin" ? null : Buleleng2022.Opd);
        var refused = await (await same.PostJson($"{url}/verification", new { expectedVersion = 4 })).Problem(HttpStatusCode.Forbidden);
        refused["detail"]!.GetValue<string>().ShouldContain("four eyes");
        (await app.EventCount(plan.Tenant)).ShouldBe(events);

        (await app.ClientFor(plan.Tenant, "verifier", userId: "ketut-2", opd: Buleleng2022.Opd)
            .PostJson($"{url}/verification", new { expectedVersion = 4 })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
