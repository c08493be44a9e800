using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using Sakip.Api.Infrastructure.Auth;

namespace Sakip.Api.Tests.Console;

[Collection(SakipCollection.Name)]
public sealed class when_someone_signs_in_to_the_console(SakipApp app)
{
    private static string SessionCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sakip_console=", StringComparison.Ordinal));

    [Fact]
    public async Task a_pasted_token_opens_a_session_in_an_http_only_same_site_strict_cookie_secure_over_https()
    {
        var tenant = SakipApp.NewTenant();
        foreach (var https in new[] { false, true })
        {
            var client = ConsoleClient.Anonymous(app, https);
            var response = await client.PostForm("/console/sign-in", new() { ["token"] = app.Token(tenant, "analyst") });

            response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            response.Headers.Location!.ToString().ShouldBe($"/console/{tenant}");
            var cookie = SessionCookie(response).ToLowerInvariant();
            cookie.ShouldContain("httponly");
            cookie.ShouldContain("samesite=strict");
            cookie.ShouldContain("path=/console");
            cookie.Contains("secure").ShouldBe(https);
            (await client.GetAsync($"/console/{tenant}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task the_form_posts_the_token_in_its_body_never_in_an_address()
    {
        var page = await ConsoleClient.Anonymous(app).Page("/console/sign-in");
        var form = page.QuerySelector("form[action='/console/sign-in']")!;
        form.GetAttribute("method").ShouldBe("post");
        form.QuerySelector("textarea[name=token]").ShouldNotBeNull();
        page.QuerySelectorAll("a").Select(a => a.GetAttribute("href") ?? "").ShouldAllBe(href => !href.Contains("token="));
    }

    [Fact]
    public async Task a_form_from_elsewhere_without_the_form_token_opens_nothing()
    {
        var client = ConsoleClient.Anonymous(app);
        var response = await client.PostAsync("/console/sign-in", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["token"] = app.Token(SakipApp.NewTenant(), "admin") }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).ShouldNotContain(c => c.StartsWith("sakip_console=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_bad_an_expired_or_a_system_token_is_refused_on_the_form()
    {
        var tenant = SakipApp.NewTenant();
        var expired = TokenIssuer.Issue(app.Settings, new SakipUser(tenant, "u-1", "Made", "admin", null), TimeSpan.FromMinutes(1),
            DateTimeOffset.UtcNow.AddHours(-2));
        foreach (var token in new[] { "not-a-token", expired, app.Token(tenant, "system"), app.Token(tenant, "admin")[..^4] + "AAAA" })
        {
            var response = await ConsoleClient.Anonymous(app).PostForm("/console/sign-in", new() { ["token"] = token });
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, token);
            (await response.Content.ReadAsStringAsync()).ShouldContain("role=\"alert\"");
        }
    }

    [Fact]
    public async Task the_api_never_reads_the_console_cookie()
    {
        var tenant = SakipApp.NewTenant();
        var console = await ConsoleClient.SignIn(app, tenant, "admin");
        await (await console.GetAsync($"/api/{tenant}/opds")).Problem(HttpStatusCode.Unauthorized);
        await (await console.PostAsync($"/api/{tenant}/opds", JsonContent.Create(new { code = "x", name = "X", urusanCodes = new[] { "2.17" } })))
            .Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task pages_send_the_signed_out_to_sign_in_and_signing_out_ends_the_session()
    {
        var tenant = SakipApp.NewTenant();
        var anonymous = await ConsoleClient.Anonymous(app).GetAsync($"/console/{tenant}/audit?year=2022");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.ToString().ShouldBe($"/console/sign-in?returnUrl={Uri.EscapeDataString($"/console/{tenant}/audit?year=2022")}");

        var client = await ConsoleClient.SignIn(app, tenant, "inspector");
        var signOut = await client.PostForm("/console/sign-out", [], formPage: $"/console/{tenant}");
        signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        SessionCookie(signOut).ShouldContain("expires=Thu, 01 Jan 1970");
        (await client.GetAsync($"/console/{tenant}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task a_session_opens_its_own_tenant_only_and_every_page_forbids_scripts_from_elsewhere()
    {
        var tenant = SakipApp.NewTenant();
        var client = await ConsoleClient.SignIn(app, tenant, "admin");
        await client.Page($"/console/{SakipApp.NewTenant()}", HttpStatusCode.Forbidden);

        var response = await client.GetAsync($"/console/{tenant}");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self'");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();

        var page = await client.Page($"/console/{tenant}");
        var assets = page.QuerySelectorAll("link[href], script[src]").Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!).ToList();
        assets.ShouldNotBeEmpty();
        assets.ShouldAllBe(url => url.StartsWith("/console/assets/", StringComparison.Ordinal));
        foreach (var url in assets) (await client.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public void the_token_form_is_off_in_production_when_an_identity_provider_is_configured()
    {
        IHostEnvironment Environment(string name) => new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = name };
        var withProvider = new AuthSettings { Authority = "https://sso.example.go.id/realms/sakip" };

        withProvider.TokenFormEnabled(Environment(Environments.Production)).ShouldBeFalse();
        withProvider.TokenFormEnabled(Environment(Environments.Development)).ShouldBeTrue();
        new AuthSettings().TokenFormEnabled(Environment(Environments.Production)).ShouldBeTrue();
        (withProvider with { TokenSignIn = true }).TokenFormEnabled(Environment(Environments.Production)).ShouldBeTrue();
    }
}
