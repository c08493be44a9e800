using System.Net;

namespace Sakip.Api.Tests.Browser;

/// <summary>
/// The API beside the service's own tokens accepts the bearer tokens of the configured OpenID Connect provider: keys
/// from its discovery document and JWKS, RS256, the configured claims for tenant, role and OPD, and a key rollover.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_the_pemda_identity_provider_issues_the_tokens(SakipApp app, ConsoleHost host)
{
    private string ProviderToken(string role, string? opd = null, string audience = TestIdentityProvider.Audience,
        string tenant = "buleleng") =>
        host.Provider.Token(TestIdentityProvider.User("idp-7", "Wayan Analis", tenant, role, opd), audience, TimeSpan.FromMinutes(5));

    [Fact]
    public async Task its_tokens_open_the_api_with_the_mapped_tenant_role_and_opd()
    {
        await host.Start(app);
        var analyst = host.Api(ProviderToken("analyst"));
        (await analyst.GetAsync("/api/buleleng/opds")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await analyst.GetAsync("/api/buleleng/notes")).Problem(HttpStatusCode.Forbidden);       // the role came from realm_access.roles

        var operatorOfAnother = host.Api(ProviderToken("operator", opd: "disdagkopukm"));
        await (await operatorOfAnother.GetAsync("/api/buleleng/audit?opd=disdagperinkop")).Problem(HttpStatusCode.Forbidden);
        (await operatorOfAnother.GetAsync("/api/buleleng/audit?opd=disdagkopukm")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await host.Api(ConsoleHost.Token("analyst")).GetAsync("/api/buleleng/opds")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_token_for_another_audience_without_a_role_or_unsigned_is_refused()
    {
        await host.Start(app);
        await (await host.Api(ProviderToken("analyst", audience: "another-app")).GetAsync("/api/buleleng/opds")).Problem(HttpStatusCode.Unauthorized);
        await (await host.Api(ProviderToken("offline_access")).GetAsync("/api/buleleng/opds")).Problem(HttpStatusCode.Unauthorized);
        await (await host.Api(ProviderToken("analyst", tenant: "badung")).GetAsync("/api/buleleng/opds")).Problem(HttpStatusCode.Forbidden);

        var token = ProviderToken("admin");
        var forged = token[..token.LastIndexOf('.')] + "." + Convert.ToBase64String(new byte[256]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await (await host.Api(forged).GetAsync("/api/buleleng/opds")).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task after_a_key_rollover_the_first_token_signed_with_the_new_key_passes()
    {
        await host.Start(app);
        (await host.Api(ProviderToken("analyst")).GetAsync("/api/buleleng/opds")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = host.Provider.JwksRequests;

        host.Provider.RollOver();
        var response = await host.Api(ProviderToken("analyst")).GetAsync("/api/buleleng/opds");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        host.Provider.JwksRequests.ShouldBeGreaterThan(before);
    }
}
