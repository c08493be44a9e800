using System.Net;
using Sakip.Api.Infrastructure;

namespace Sakip.Api.Tests.Opds;

[Collection(SakipCollection.Name)]
public sealed class when_an_opd_is_registered(SakipApp app)
{
    private static readonly object Disdag = new
    {
        code = "disdagperinkop",
        name = "Dinas Perdagangan, Perindustrian dan Koperasi UKM",
        urusanCodes = new[] { "2.17", "3.30", "3.31" },
    };

    [Fact]
    public async Task the_event_carries_the_user_and_the_correlation_id()
    {
        var tenant = SakipApp.NewTenant();
        var client = app.ClientFor(tenant, "admin", userId: "bappeda-07", name: "Ni Luh Sari");
        client.DefaultRequestHeaders.Add("X-Correlation-Id", "req-4711");

        var response = await client.PostJson($"/api/{tenant}/opds", Disdag);

        var body = await response.Json(HttpStatusCode.Created);
        body["code"]!.GetValue<string>().ShouldBe("disdagperinkop");
        body["version"]!.GetValue<int>().ShouldBe(1);
        response.Headers.Location!.ToString().ShouldBe($"/api/{tenant}/opds/disdagperinkop");
        response.Headers.GetValues("X-Correlation-Id").ShouldBe(["req-4711"]);

        var events = await app.EventsOf(tenant, "opd:disdagperinkop");
        var registered = events.ShouldHaveSingleItem();
        registered.EventTypeName.ShouldBe("opd_registered");
        registered.CorrelationId.ShouldBe("req-4711");
        registered.CausationId.ShouldNotBeNullOrEmpty();
        registered.UserName.ShouldBe("bappeda-07");
        registered.TenantId.ShouldBe(tenant);
        registered.Headers![EventHeaders.UserId].ToString().ShouldBe("bappeda-07");
        registered.Headers[EventHeaders.UserName].ToString().ShouldBe("Ni Luh Sari");
        registered.Headers[EventHeaders.UserRole].ToString().ShouldBe("admin");
        registered.Headers[EventHeaders.Source].ToString().ShouldBe("api");
    }

    [Fact]
    public async Task it_can_be_read_and_listed_in_code_order()
    {
        var tenant = SakipApp.NewTenant();
        var client = app.ClientFor(tenant, "admin");
        (await client.PostJson($"/api/{tenant}/opds", Disdag)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await client.PostJson($"/api/{tenant}/opds",
                new { code = "bappeda", name = "Badan Perencanaan Pembangunan Daerah", urusanCodes = new[] { "5.01" } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var reader = app.ClientFor(tenant, "analyst");
        var one = await (await reader.GetAsync($"/api/{tenant}/opds/disdagperinkop")).Json(HttpStatusCode.OK);
        one["name"]!.GetValue<string>().ShouldBe("Dinas Perdagangan, Perindustrian dan Koperasi UKM");
        one["urusanCodes"]!.AsArray().Select(x => x!.GetValue<string>()).ShouldBe(["2.17", "3.30", "3.31"]);
        one["registeredAt"].ShouldNotBeNull();

        var all = await (await reader.GetAsync($"/api/{tenant}/opds")).Json(HttpStatusCode.OK);
        all.AsArray().Select(x => x!["code"]!.GetValue<string>()).ShouldBe(["bappeda", "disdagperinkop"]);
    }

    [Fact]
    public async Task an_unknown_opd_is_a_404_problem()
    {
        var tenant = SakipApp.NewTenant();
        var problem = await (await app.ClientFor(tenant, "analyst").GetAsync($"/api/{tenant}/opds/nothing"))
            .Problem(HttpStatusCode.NotFound);
        problem["detail"]!.GetValue<string>().ShouldContain("nothing");
    }

    [Fact]
    public async Task another_tenant_does_not_see_it()
    {
        var tenant = SakipApp.NewTenant();
        var other = SakipApp.NewTenant();
        (await app.ClientFor(tenant, "admin").PostJson($"/api/{tenant}/opds", Disdag)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var list = await (await app.ClientFor(other, "admin").GetAsync($"/api/{other}/opds")).Json(HttpStatusCode.OK);
        list.AsArray().ShouldBeEmpty();
        (await app.ClientFor(other, "admin").PostJson($"/api/{other}/opds", Disdag)).StatusCode
            .ShouldBe(HttpStatusCode.Created, "the same code is free in another tenant");
    }
}
