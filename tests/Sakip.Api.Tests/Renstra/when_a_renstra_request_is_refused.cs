using System.Net;

namespace Sakip.Api.Tests.Renstra;

/// <summary>Hostile or careless requests get problem details naming the field, and change nothing.</summary>
[Collection(SakipCollection.Name)]
public sealed class when_a_renstra_request_is_refused(SakipApp app)
{
    [Fact]
    public async Task malformed_bodies_are_400s_naming_the_field()
    {
        var lb = new LampungBarat2018(app);
        await lb.Imported();
        var iku = await lb.Indicator("IKU-1");
        var url = $"/api/{lb.Tenant}/renstra-indicators/{iku["id"]}/targets";
        var version = iku["version"]!.GetValue<int>();
        var before = await app.EventCount(lb.Tenant);

        (await (await lb.Planner.PutAsync(url, new StringContent("null", System.Text.Encoding.UTF8, "application/json")))
            .Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["$"]);
        (await (await lb.Planner.PutAsync(url, new StringContent(
                $"{{\"expectedVersion\":{version},\"targets\":[{{\"year\":2018,\"target\":1e40}}]}}", System.Text.Encoding.UTF8, "application/json")))
            .Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["targets[0].target"]);
        (await (await lb.Planner.PutJson(url, new { expectedVersion = version, targets = new[] { new { year = 2017, target = "1" } } }))
            .Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["targets[0].year"]);
        (await (await lb.Planner.PutJson(url, new { expectedVersion = version, targets = new[] { new { year = 2018, target = "sebelas" } } }))
            .Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["targets[0].target"]);
        (await (await lb.Planner.PutJson($"/api/{lb.Tenant}/renstra-indicators/{iku["id"]}/details", new
        {
            expectedVersion = version, sasaran = "S", name = "Koperasi\u0000sehat", unit = "Kop",
        })).Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["name"]);
        (await (await lb.Planner.PostJson($"{lb.Url}/indicators", new
        {
            code = "IKU-9", level = "1", sasaran = "S", name = "N", unit = "Kop", polarity = "0",
        })).Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["level", "polarity"], ignoreOrder: true);
        (await (await lb.Planner.PutJson(url, new { expectedVersion = version - 1, targets = Array.Empty<object>() }))
            .Problem(HttpStatusCode.Conflict))["currentVersion"]!.GetValue<int>().ShouldBe(version);
        (await app.EventCount(lb.Tenant)).ShouldBe(before);
    }

    [Fact]
    public async Task other_opds_roles_and_periods_are_kept_out()
    {
        var lb = new LampungBarat2018(app);
        await lb.Imported();
        var iku = await lb.Indicator("IKU-1");
        var stranger = app.ClientFor(lb.Tenant, "planner", opd: "bappeda");
        await (await stranger.GetAsync(lb.Url)).Problem(HttpStatusCode.Forbidden);
        await (await stranger.GetAsync($"/api/{lb.Tenant}/renstra-indicators/{iku["id"]}")).Problem(HttpStatusCode.Forbidden);
        await (await stranger.GetAsync($"{lb.Url}/lkjip?year=2020")).Problem(HttpStatusCode.Forbidden);
        await (await stranger.PutJson($"/api/{lb.Tenant}/renstra-indicators/{iku["id"]}/targets", new { expectedVersion = 2 }))
            .Problem(HttpStatusCode.Forbidden);
        await (await lb.Operator.PutJson($"/api/{lb.Tenant}/renstra-indicators/{iku["id"]}/targets", new { expectedVersion = 2 }))
            .Problem(HttpStatusCode.Forbidden);
        await (await app.ClientFor(SakipApp.NewTenant(), "admin").GetAsync(lb.Url)).Problem(HttpStatusCode.Forbidden);
        (await app.ClientFor(lb.Tenant, "analyst").GetAsync(lb.Url)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await lb.Planner.PostAsync($"/api/{lb.Tenant}/opds/{LampungBarat2018.Opd}/renstra/2021-2025", null)).Problem(HttpStatusCode.Conflict);
        (await (await lb.Planner.PostAsync($"/api/{lb.Tenant}/opds/{LampungBarat2018.Opd}/renstra/2023-2040", null))
            .Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["endYear"]);
        await (await lb.Admin.PostAsync($"/api/{lb.Tenant}/opds/nope/renstra/2023-2027", null)).Problem(HttpStatusCode.NotFound);
        await (await lb.Planner.PostAsync($"/api/{lb.Tenant}/opds/nope/renstra/2023-2027", null)).Problem(HttpStatusCode.Forbidden);
        await (await lb.Planner.GetAsync($"/api/{lb.Tenant}/opds/{LampungBarat2018.Opd}/renstra/2023-2027")).Problem(HttpStatusCode.NotFound);
        await (await lb.Planner.GetAsync($"{lb.Url}?asOf=yesterday")).Problem(HttpStatusCode.BadRequest);
        await (await lb.Planner.GetAsync($"{lb.Url}?asOf=2000-01-01T00:00:00Z")).Problem(HttpStatusCode.NotFound);
        (await (await lb.Planner.GetAsync($"{lb.Url}/lkjip?year=2017")).Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["year"]);
        (await (await lb.Planner.PostJson($"{lb.Url}/signing", new { expectedVersion = await lb.Version() }))
            .Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["legalBasis.type", "legalBasis.number", "legalBasis.date"], ignoreOrder: true);
    }
}
