using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Sakip.Api.Tests.Browser;

/// <summary>
/// An OpenID Connect provider on loopback, in the test process: discovery document, JWKS, the authorization endpoint
/// (the user is already signed in there, as at a pemda's Keycloak) and the token endpoint with PKCE, RS256 tokens
/// shaped like Keycloak's (roles under <c>realm_access.roles</c>), and a key rollover on demand.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "sakip-console";
    public const string ClientSecret = "console-secret";
    public const string Audience = "sakip-api";

    private readonly ConcurrentDictionary<string, (string Nonce, string Challenge, string RedirectUri, IDictionary<string, object> User)> _codes = new();
    private WebApplication? _app;
    private RsaSecurityKey _key = NewKey();

    public string Issuer { get; private set; } = "";

    /// <summary>Who is signed in at the provider when the console sends a browser there.</summary>
    public IDictionary<string, object> SignedIn { get; set; } = User("idp-1", "Ketut Inspektur", "buleleng", "inspector");

    public int JwksRequests { get; private set; }

    public static IDictionary<string, object> User(string id, string name, string tenant, string role, string? opd = null)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = id, ["name"] = name, ["sakip_tenant"] = tenant,
            ["realm_access"] = new Dictionary<string, object> { ["roles"] = new[] { "offline_access", role } },
        };
        if (opd is not null) claims["sakip_opd"] = opd;
        return claims;
    }

    public async Task Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer, ["authorization_endpoint"] = Issuer + "/authorize", ["token_endpoint"] = Issuer + "/token",
            ["jwks_uri"] = Issuer + "/jwks", ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" }, ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        _app.MapGet("/jwks", () =>
        {
            JwksRequests++;
            var p = _key.Rsa.ExportParameters(false);
            return Results.Json(new
            {
                keys = new[]
                {
                    new { kty = "RSA", use = "sig", alg = "RS256", kid = _key.KeyId, n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) },
                },
            });
        });
        _app.MapGet("/authorize", (HttpRequest request) =>
        {
            var q = request.Query;
            if (q["client_id"] != ClientId || q["response_type"] != "code" || q["code_challenge_method"] != "S256")
                return Results.BadRequest("unsupported request");
            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _codes[code] = (q["nonce"].ToString(), q["code_challenge"].ToString(), q["redirect_uri"].ToString(), SignedIn);
            return Results.Redirect($"{q["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(q["state"].ToString())}&iss={Uri.EscapeDataString(Issuer)}");
        });
        _app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret || form["grant_type"] != "authorization_code"
                || !_codes.TryRemove(form["code"].ToString(), out var grant) || grant.RedirectUri != form["redirect_uri"]
                || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.Challenge)
                return Results.BadRequest(new { error = "invalid_grant" });
            var access = Token(grant.User, Audience, TimeSpan.FromMinutes(5));
            var hash = SHA256.HashData(Encoding.ASCII.GetBytes(access));
            var id = Token(new Dictionary<string, object>(grant.User) { ["nonce"] = grant.Nonce, ["at_hash"] = Base64UrlEncoder.Encode(hash[..16]) },
                ClientId, TimeSpan.FromMinutes(5));
            return Results.Json(new { access_token = access, id_token = id, token_type = "Bearer", expires_in = 300 });
        });
        await _app.StartAsync();
        Issuer = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    /// <summary>A token of this provider, signed with its current key.</summary>
    public string Token(IDictionary<string, object> claims, string audience, TimeSpan lifetime) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer, Audience = audience, Claims = claims, IssuedAt = DateTime.UtcNow, NotBefore = DateTime.UtcNow,
            Expires = DateTime.UtcNow.Add(lifetime), SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });

    /// <summary>The provider retires its key and signs with a new one; only the new one is published.</summary>
    public void RollOver() => _key = NewKey();

    private static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N")[..12] };

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
