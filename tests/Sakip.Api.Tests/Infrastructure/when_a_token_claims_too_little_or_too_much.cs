using System.Net;
using Microsoft.Extensions.Configuration;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Tests.Indicators;

namespace Sakip.Api.Tests.Infrastructure;

[Collection(SakipCollection.Name)]
public sealed class when_a_token_claims_too_little_or_too_much(SakipApp app)
{
    private static IConfiguration Config() => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Sakip:SigningKey"] = SakipApp.SigningKey, ["Sakip:DataDirectory"] = Path.GetTempPath(),
    }).Build();

    [Theory]
    [InlineData("planner")]
    [InlineData("operator")]
    [InlineData("verifier")]
    public async Task an_opd_scoped_role_without_its_opd_is_refused_everywhere_and_stores_nothing(string role)
    {
        var plan = await new Buleleng2022(app).Established();
        var events = await app.EventCount(plan.Tenant);
        var client = app.ClientFor(plan.Tenant, role, userId: "no-opd");

        var read = await (await client.GetAsync($"/api/{plan.Tenant}/opds")).Problem(HttpStatusCode.Forbidden);
        read["detail"]!.GetValue<string>().ShouldContain("must name the OPD");
        await (await client.PutJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations/3",
            new { expectedVersion = 3, value = 19m, evidence = "Laporan" })).Problem(HttpStatusCode.Forbidden);
        await (await client.PostJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations/3/verification",
            new { expectedVersion = 3 })).Problem(HttpStatusCode.Forbidden);
        await (await client.PutJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/targets",
            new { expectedVersion = 3, annualTarget = 1 })).Problem(HttpStatusCode.Forbidden);
        (await app.EventCount(plan.Tenant)).ShouldBe(events);
    }

    [Fact]
    public async Task a_role_the_service_does_not_know_is_not_authenticated()
    {
        var tenant = SakipApp.NewTenant();
        var problem = await (await app.ClientFor(tenant, "superuser").GetAsync($"/api/{tenant}/opds"))
            .Problem(HttpStatusCode.Unauthorized);
        problem["detail"]!.GetValue<string>().ShouldContain("superuser");
    }

    [Fact]
    public async Task a_token_living_longer_than_a_day_is_not_authenticated()
    {
        var tenant = SakipApp.NewTenant();
        var token = TokenIssuer.Issue(app.Settings, new SakipUser(tenant, "u-1", "Made", "admin", null), TimeSpan.FromHours(48),
            DateTimeOffset.UtcNow);
        await (await app.Client(token).GetAsync($"/api/{tenant}/opds")).Problem(HttpStatusCode.Unauthorized);
        var day = TokenIssuer.Issue(app.Settings, new SakipUser(tenant, "u-1", "Made", "admin", null), TokenIssuer.MaxLifetime,
            DateTimeOffset.UtcNow);
        (await app.Client(day).GetAsync($"/api/{tenant}/opds")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("planner", null, "--opd")]
    [InlineData("operator", null, "--opd")]
    [InlineData("verifier", null, "--opd")]
    [InlineData("admin", "dinkes", "--opd")]
    [InlineData("superuser", null, "--role")]
    public void the_token_command_refuses_a_role_without_the_opd_it_needs_or_with_one_it_cannot_have(string role, string? opd,
        string option)
    {
        var error = new StringWriter();
        var output = new StringWriter();
        string[] args = ["token", "--tenant", "buleleng", "--user", "u-1", "--role", role, .. opd is null ? [] : new[] { "--opd", opd }];
        TokenCommand.Run(args, Config(), output, error).ShouldBe(2);
        error.ToString().ShouldContain(option);
        output.ToString().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("25")]
    [InlineData("1000000")]
    [InlineData("abc")]
    public void the_token_command_refuses_a_lifetime_that_makes_no_sense_or_exceeds_the_cap(string hours)
    {
        var error = new StringWriter();
        TokenCommand.Run(["token", "--tenant", "buleleng", "--user", "u-1", "--role", "admin", "--hours", hours], Config(),
            new StringWriter(), error).ShouldBe(2);
        error.ToString().ShouldContain("--hours");
    }

    [Fact]
    public void the_token_command_issues_up_to_the_cap()
    {
        var output = new StringWriter();
        TokenCommand.Run(["token", "--tenant", "buleleng", "--user", "u-1", "--role", "admin", "--hours", "24"], Config(),
            output, new StringWriter()).ShouldBe(0);
        var jwt = new System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler().ReadJwtToken(output.ToString().Trim());
        (jwt.ValidTo - jwt.ValidFrom).ShouldBe(TimeSpan.FromHours(24));
    }
}
