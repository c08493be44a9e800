using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sakip.Api.Demo;
using Sakip.Api.Plans;

namespace Sakip.Api.Tests.Imports;

/// <summary>
/// The demo loader signs a Perjanjian Kinerja by the endpoint's own decision: the same event as a planner's request
/// produces, stamped with the loader as its author, and a plan the endpoint would refuse is refused, not written.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_the_demo_signs_a_plan(SakipApp app)
{
    private DemoData Demo => app.Factory.Services.GetServices<IHostedService>().OfType<DemoData>().Single();

    private async Task<string> Tenant(params string[] opds)
    {
        var tenant = SakipApp.NewTenant();
        foreach (var opd in opds)
            (await app.ClientFor(tenant, "admin").PostJson($"/api/{tenant}/opds",
                new { code = opd, name = "Dinas " + opd, urusanCodes = new[] { "2.17" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        return tenant;
    }

    private async Task ImportPlan(string tenant, string opd) =>
        (await app.ClientFor(tenant, "planner", opd: opd).PostAsync($"/api/{tenant}/imports/rencana-aksi",
            new StringContent(when_a_plan_is_imported.Plan().Replace("diskop,", opd + ","), Encoding.UTF8, "text/csv")))
        .StatusCode.ShouldBe(HttpStatusCode.OK);

    private Task<HttpResponseMessage> SignThroughTheApi(string tenant, string opd, long version) =>
        app.ClientFor(tenant, "planner", userId: "pln-1", name: "Nyoman Planner", opd: opd).PostJson(
            $"/api/{tenant}/opds/{opd}/years/2022/plan/agreement", new
            {
                expectedVersion = version, documentNumber = "800/123/PK/2022", signedOn = "2022-02-01",
                signedBy = new { position = "Bupati Buleleng" },
            });

    [Fact]
    public async Task it_stores_the_event_the_api_stores_for_the_same_plan_with_the_loader_as_its_author()
    {
        var tenant = await Tenant("diskop", "dinkes");
        await ImportPlan(tenant, "diskop");
        await ImportPlan(tenant, "dinkes");
        var byApi = Plan.StreamKey("diskop", 2022);
        (await SignThroughTheApi(tenant, "diskop", (await app.EventsOf(tenant, byApi)).Count)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Demo.Sign(tenant, "dinkes", 2022, "800/123/PK/2022", new DateOnly(2022, 2, 1), "Bupati Buleleng", default))
            .ShouldBeTrue();

        var api = (await app.EventsOf(tenant, byApi))[^1];
        var demo = (await app.EventsOf(tenant, Plan.StreamKey("dinkes", 2022)))[^1];
        demo.Data.ShouldBeOfType<AgreementSigned>().ShouldBe(api.Data.ShouldBeOfType<AgreementSigned>() with { Opd = "dinkes" });
        api.Headers!["user_id"].ToString().ShouldBe("pln-1");
        demo.Headers!["user_id"].ToString().ShouldBe("demo-loader");
        demo.Headers!["source"].ToString().ShouldBe("demo");
        demo.CorrelationId.ShouldBe(DemoData.CorrelationId);
    }

    [Fact]
    public async Task a_plan_the_api_refuses_to_sign_is_refused_by_the_demo_in_the_same_words_and_nothing_is_written()
    {
        var tenant = await Tenant("diskop");
        (await app.ClientFor(tenant, "planner", opd: "diskop").PostJson($"/api/{tenant}/opds/diskop/years/2022/plan", new { }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var stream = Plan.StreamKey("diskop", 2022);

        (await Demo.Sign(tenant, "diskop", 2022, "800/123/PK/2022", new DateOnly(2022, 2, 1), "Bupati Buleleng", default))
            .ShouldBeFalse();
        (await app.EventsOf(tenant, stream)).Count.ShouldBe(1, "only the start of the plan");

        var refused = await (await SignThroughTheApi(tenant, "diskop", 1)).Problem(HttpStatusCode.UnprocessableEntity);
        await using var session = app.Store.QuerySession(tenant);
        var plan = (await session.LoadAsync<Plan>(stream))!;
        var (signed, refusals) = SignAgreementEndpoint.Decide(plan,
            new SignAgreement(1, "800/123/PK/2022", new DateOnly(2022, 2, 1), new OfficialInput("Bupati Buleleng", null, null)));
        signed.ShouldBeNull();
        refusals.Single().Message.ShouldBe(refused["detail"]!.GetValue<string>());
        (await app.EventsOf(tenant, stream)).Count.ShouldBe(1);
    }
}
