using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Tenants;

namespace Sakip.Api.WebConsole;

/// <summary>What every page of the console shows around its content: who is signed in, where, and the form token.</summary>
public sealed record Chrome(SakipUser User, string Tenant, string Region, string Csrf, string Title, string Active)
{
    public bool MaySee(string page) => page switch
    {
        "integrity" or "notes" => User.IsAdmin || User.Role == Roles.Inspector,
        "register" => Roles.TenantWideReaders.Contains(User.Role) || User.IsOpdScoped,
        _ => true,
    };
}

/// <summary>
/// One console request for a tenant: the signed-in user (the same claims the API reads), a query session of the
/// tenant's data and its profile. Pages call the API's own query code through it; writes go through
/// <see cref="Writer"/>, stamped with who, through which request and from where, like every API write.
/// </summary>
public sealed class ConsoleRequest : IAsyncDisposable
{
    private ConsoleRequest(HttpContext http, SakipUser user, string tenant, IQuerySession session, TenantProfile profile)
    {
        Http = http;
        User = user;
        Tenant = tenant;
        Session = session;
        Profile = profile;
    }

    public HttpContext Http { get; }
    public SakipUser User { get; }
    public ClaimsPrincipal Principal => Http.User;
    public string Tenant { get; }
    public IQuerySession Session { get; }
    public TenantProfile Profile { get; }
    public TimeZoneInfo Zone => Profile.Zone();
    public string Region => Profile.Name ?? Tenant;
    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>The keys the API's reads verify the record with: the console folds exactly what they fold.</summary>
    public Integrity.IntegrityKeys Keys => Http.RequestServices.GetRequiredService<Integrity.IntegrityKeys>();

    /// <summary>The signed-in user's session for the tenant, or the page that refuses (sign-in, 403, unknown tenant).</summary>
    public static async Task<(ConsoleRequest? Request, IResult? Refusal)> Open(HttpContext http, string tenant)
    {
        var user = SakipUser.From(http.User);
        if (user is null)
            return (null, Results.Redirect($"{SignInSchemes.ConsolePath}/sign-in?returnUrl={Uri.EscapeDataString(http.Request.Path + http.Request.QueryString)}"));
        if (user.Incomplete is { } incomplete) return (null, Error(http, user, Problems.Forbidden(incomplete)));
        if (user.Tenant != tenant)
            return (null, Error(http, user, Problems.Forbidden($"Sesi ini untuk tenant '{user.Tenant}', bukan '{tenant}'.")));
        var settings = SakipSettings.From(http.RequestServices.GetRequiredService<IConfiguration>()).Tenancy;
        if (settings.PerTenant)
        {
            var databases = http.RequestServices.GetRequiredService<TenantDatabases>();
            try
            {
                if (settings.AutoProvision) await databases.Ensure(tenant, null, http.RequestAborted);
                await databases.Resolve(tenant);
            }
            catch (JasperFx.MultiTenancy.UnknownTenantIdException)
            {
                return (null, Error(http, user, TenantDatabases.Unknown(tenant)));
            }
        }

        var session = http.RequestServices.GetRequiredService<IDocumentStore>().QuerySession(tenant);
        return (new ConsoleRequest(http, user, tenant, session, await TenantProfile.Load(session, http.RequestAborted)), null);
    }

    public Chrome Chrome(string title, string active) => new(User, Tenant, Region, Csrf(Http), title, active);

    public IResult Page<TComponent>(object parameters, int status = StatusCodes.Status200OK) where TComponent : IComponent =>
        new RazorComponentResult<TComponent>(parameters) { ContentType = "text/html; charset=utf-8", StatusCode = status };

    /// <summary>A refusal from the rules the API applies (a <c>Before</c> or <c>Validate</c> method), as a page.</summary>
    public IResult Refuse(ProblemDetails problem) => Error(Http, User, problem, Chrome("", ""));

    /// <summary>
    /// A session for a write from the console, stamped like the API's writes: the user, source <c>console</c>, the
    /// request's correlation id and causation id.
    /// </summary>
    public IDocumentSession Writer()
    {
        var session = Http.RequestServices.GetRequiredService<IDocumentStore>().LightweightSession(Tenant);
        EventMetadataMiddleware.Stamp(session, User, "console");
        session.CorrelationId = CorrelationId.Of(Http);
        session.CausationId = Activity.Current?.SpanId.ToHexString() ?? Http.TraceIdentifier;
        return session;
    }

    /// <summary>
    /// An instant from the console's date-time fields (the region's local time, <c>2022-10-01T08:00</c>) or an ISO-8601
    /// instant with its offset; null when empty, and the field's error when neither.
    /// </summary>
    public (DateTimeOffset? Instant, string? Error) Instant(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return (null, null);
        if (Infrastructure.Http.AsOfParameter.Parse(value) is { } exact) return (exact, null);
        if (DateTime.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd"], CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var local))
            return (new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime(), null);
        return (null, $"'{value}' bukan tanggal dan jam yang dikenali (contoh 2022-10-01T08:00).");
    }

    /// <summary>
    /// A whole number from a query field that a form may send empty (<c>year=</c>): empty is absent, anything else that
    /// is not a number is the field's error.
    /// </summary>
    public static (int? Value, ProblemDetails? Problem) Integer(string field, string? text) =>
        string.IsNullOrWhiteSpace(text) ? (null, null)
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? (n, null)
        : (null, Problems.Validation(new Problems.FieldError(field, $"'{text}' bukan bilangan bulat.")));

    /// <summary>
    /// The value a date-time field shows for an instant, in the region's time, to the second (the fields step by
    /// seconds): a field cut to the minute sent back an earlier instant than it showed — "to" defaulting to now fell
    /// before a "from" in the same minute and the comparison was refused.
    /// </summary>
    public string Local(DateTimeOffset? instant) =>
        instant is { } t ? TimeZoneInfo.ConvertTime(t, Zone).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) : "";

    public string Time(DateTimeOffset instant) => Indonesian.DateTime(instant, Zone);

    public static string Csrf(HttpContext http) =>
        http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken ?? "";

    public static IResult Error(HttpContext http, SakipUser? user, ProblemDetails problem, Chrome? chrome = null) =>
        new RazorComponentResult<ErrorPage>(new { Problem = problem, Chrome = chrome ?? (user is null ? null : new Chrome(user, user.Tenant, user.Tenant, Csrf(http), "", "")) })
        {
            StatusCode = problem.Status ?? StatusCodes.Status400BadRequest, ContentType = "text/html; charset=utf-8",
        };

    public ValueTask DisposeAsync() => Session.DisposeAsync();
}
