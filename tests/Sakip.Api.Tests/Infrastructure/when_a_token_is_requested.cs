using System.IdentityModel.Tokens.Jwt;
using System.Net;
using Microsoft.Extensions.Configuration;
using Sakip.Api.Infrastructure.Auth;

namespace Sakip.Api.Tests.Infrastructure;

[Collection(SakipCollection.Name)]
public sealed class when_a_token_is_requested(SakipApp app)
{
    private static IConfiguration Config(string dataDirectory, string? key = SakipApp.SigningKey) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sakip:SigningKey"] = key, ["Sakip:DataDirectory"] = dataDirectory,
        }).Build();

    [Fact]
    public async Task the_command_prints_a_token_the_service_accepts_with_every_claim()
    {
        var tenant = SakipApp.NewTenant();
        var output = new StringWriter();
        var code = TokenCommand.Run(
            ["token", "--tenant", tenant, "--user", "u-1", "--name", "Made", "--role", "planner", "--opd", "disdagperinkop"],
            Config(Path.GetTempPath()), output, new StringWriter());

        code.ShouldBe(0);
        var token = output.ToString().Trim();
        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
        jwt.Claims.Select(c => (c.Type, c.Value)).ShouldBeSubsetOf(
            [("tenant", tenant), ("sub", "u-1"), ("name", "Made"), ("role", "planner"), ("opd", "disdagperinkop"),
             ..jwt.Claims.Where(c => c.Type is "exp" or "nbf" or "iat" or "iss" or "aud").Select(c => (c.Type, c.Value))]);
        (await app.Client(token).GetAsync($"/api/{tenant}/opds")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public void without_the_required_options_it_prints_usage_and_fails()
    {
        var error = new StringWriter();
        TokenCommand.Run(["token", "--tenant", "buleleng"], Config(Path.GetTempPath()), new StringWriter(), error)
            .ShouldBe(2);
        error.ToString().ShouldContain("--user");
        error.ToString().ShouldContain("--role");
    }

    [Fact]
    public void without_a_configured_key_a_development_key_is_generated_once_and_reused()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sakip-key-" + Guid.NewGuid().ToString("N"));
        try
        {
            string Issue()
            {
                var output = new StringWriter();
                TokenCommand.Run(["token", "--tenant", "buleleng", "--user", "u", "--role", "admin"], Config(dir, null),
                    output, new StringWriter()).ShouldBe(0);
                return output.ToString().Trim();
            }

            var first = Issue();
            File.Exists(Path.Combine(dir, "dev-signing-key")).ShouldBeTrue();
            var keyBytes = File.ReadAllText(Path.Combine(dir, "dev-signing-key"));
            Issue();
            File.ReadAllText(Path.Combine(dir, "dev-signing-key")).ShouldBe(keyBytes);
            first.Split('.').Length.ShouldBe(3);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
