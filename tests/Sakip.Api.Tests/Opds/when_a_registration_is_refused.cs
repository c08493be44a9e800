using System.Net;

namespace Sakip.Api.Tests.Opds;

[Collection(SakipCollection.Name)]
public sealed class when_a_registration_is_refused(SakipApp app)
{
    private static object Opd(string? code = "dinkes", string? name = "Dinas Kesehatan", string[]? urusan = null) =>
        new { code, name, urusanCodes = urusan ?? ["1.02"] };

    private async Task NothingWasStored(string tenant) => (await app.EventCount(tenant)).ShouldBe(0);

    [Fact]
    public async Task without_a_token_it_is_401()
    {
        var tenant = SakipApp.NewTenant();
        await (await app.Client().PostJson($"/api/{tenant}/opds", Opd())).Problem(HttpStatusCode.Unauthorized);
        await NothingWasStored(tenant);
    }

    [Fact]
    public async Task with_a_forged_token_it_is_401()
    {
        var tenant = SakipApp.NewTenant();
        var forged = app.Token(tenant, "admin")[..^4] + "AAAA";
        await (await app.Client(forged).PostJson($"/api/{tenant}/opds", Opd())).Problem(HttpStatusCode.Unauthorized);
        await NothingWasStored(tenant);
    }

    [Fact]
    public async Task with_a_token_of_another_tenant_it_is_403()
    {
        var tenant = SakipApp.NewTenant();
        var problem = await (await app.ClientFor("another", "admin").PostJson($"/api/{tenant}/opds", Opd()))
            .Problem(HttpStatusCode.Forbidden);
        problem["detail"]!.GetValue<string>().ShouldContain(tenant);
        await NothingWasStored(tenant);
    }

    [Theory]
    [InlineData("planner")]
    [InlineData("operator")]
    [InlineData("inspector")]
    [InlineData("analyst")]
    public async Task a_role_that_may_not_register_gets_403(string role)
    {
        var tenant = SakipApp.NewTenant();
        var problem = await (await app.ClientFor(tenant, role).PostJson($"/api/{tenant}/opds", Opd()))
            .Problem(HttpStatusCode.Forbidden);
        problem["detail"]!.GetValue<string>().ShouldContain(role);
        await NothingWasStored(tenant);
    }

    [Fact]
    public async Task malformed_json_is_a_400_problem()
    {
        var tenant = SakipApp.NewTenant();
        await (await app.ClientFor(tenant, "admin").PostRaw($"/api/{tenant}/opds", "{\"code\": \"x\", "))
            .Problem(HttpStatusCode.BadRequest);
        await NothingWasStored(tenant);
    }

    public static TheoryData<string, object> InvalidBodies => new()
    {
        { "code", new { name = "Dinas Kesehatan", urusanCodes = new[] { "1.02" } } },
        { "code", Opd(code: "") },
        { "code", Opd(code: new string('a', 41)) },
        { "code", Opd(code: "Dinas Kesehatan") },
        { "name", Opd(name: null) },
        { "name", Opd(name: new string('n', 201)) },
        { "urusanCodes", Opd(urusan: []) },
        { "urusanCodes[1]", Opd(urusan: ["1.02", "kesehatan"]) },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task an_invalid_field_is_a_400_problem_naming_it(string field, object body)
    {
        var tenant = SakipApp.NewTenant();
        var problem = await (await app.ClientFor(tenant, "admin").PostJson($"/api/{tenant}/opds", body))
            .Problem(HttpStatusCode.BadRequest);
        problem.ErrorFields().ShouldBe([field]);
        await NothingWasStored(tenant);
    }

    [Fact]
    public async Task a_duplicate_code_is_a_409_problem_and_the_first_stays()
    {
        var tenant = SakipApp.NewTenant();
        var client = app.ClientFor(tenant, "admin");
        (await client.PostJson($"/api/{tenant}/opds", Opd())).StatusCode.ShouldBe(HttpStatusCode.Created);

        var problem = await (await client.PostJson($"/api/{tenant}/opds", Opd(name: "Dinas Lain")))
            .Problem(HttpStatusCode.Conflict);
        problem.ErrorFields().ShouldBe(["code"]);
        (await app.EventCount(tenant)).ShouldBe(1);
        var stored = await (await client.GetAsync($"/api/{tenant}/opds/dinkes")).Json(HttpStatusCode.OK);
        stored["name"]!.GetValue<string>().ShouldBe("Dinas Kesehatan");
    }

    [Fact]
    public async Task two_simultaneous_registrations_of_one_code_store_one()
    {
        var tenant = SakipApp.NewTenant();
        var client = app.ClientFor(tenant, "admin");
        var responses = await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(i => client.PostJson($"/api/{tenant}/opds", Opd(name: $"Dinas Kesehatan {i}"))));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(5);
        (await app.EventCount(tenant)).ShouldBe(1);
    }
}
