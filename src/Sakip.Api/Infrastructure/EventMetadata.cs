using System.Diagnostics;
using System.Text.RegularExpressions;
using Marten;
using Sakip.Api.Infrastructure.Auth;

namespace Sakip.Api.Infrastructure;

/// <summary>Names of the event headers that carry who made a change and through what.</summary>
public static class EventHeaders
{
    public const string UserId = "user_id";
    public const string UserName = "user_name";
    public const string UserRole = "user_role";
    public const string UserOpd = "user_opd";
    public const string Source = "source";
    public const string Reason = "reason";
}

/// <summary>
/// Stamps the session of every write endpoint with the caller and the request's correlation id, so no
/// endpoint can forget to. It must run when the session opens: Marten copies session metadata onto events
/// before its save listeners run. Work outside a request (imports, demo data) stamps its own session.
/// </summary>
public static class EventMetadataMiddleware
{
    public static bool AppliesTo(Wolverine.Http.HttpChain chain) =>
        chain.HttpMethods.Any(m => m is "POST" or "PUT" or "PATCH" or "DELETE")
        && chain.RoutePattern?.Parameters.Any(p => p.Name == "tenant") == true;

    /// <summary>The write's session, for the edge to tell a lost race's current version (ExceptionProblems).</summary>
    public const string SessionItem = "sakip.session";

    public static void Before(HttpContext context, IDocumentSession session)
    {
        context.Items[SessionItem] = session;
        var user = SakipUser.From(context.User);
        if (user is not null) Stamp(session, user, "api");
        session.CorrelationId = CorrelationId.Of(context);
        session.CausationId = Activity.Current?.SpanId.ToHexString() ?? context.TraceIdentifier;
        // The snapshots the write reads are checked against their streams before it commits (Integrity/SnapshotGuard).
        session.Listeners.Add(new Integrity.LoadedSnapshots(Integrity.EventSealing.SnapshotTypes(session.DocumentStore)));
        Http.Idempotency.Enlist(context, session);
    }

    public static void Stamp(IDocumentSession session, SakipUser user, string source)
    {
        session.LastModifiedBy = user.UserId;
        session.SetHeader(EventHeaders.UserId, user.UserId);
        session.SetHeader(EventHeaders.UserName, user.Name);
        session.SetHeader(EventHeaders.UserRole, user.Role);
        if (user.Opd is not null) session.SetHeader(EventHeaders.UserOpd, user.Opd);
        session.SetHeader(EventHeaders.Source, source);
    }
}

/// <summary>
/// The request's correlation id: the caller's <c>X-Correlation-Id</c> when it is sane, else the trace id.
/// Echoed on the response so a client can find its change in the audit trail.
/// </summary>
public static partial class CorrelationId
{
    public const string Header = "X-Correlation-Id";
    private const string ItemKey = "sakip.correlation-id";

    public static string Of(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var existing) && existing is string id) return id;
        var given = context.Request.Headers[Header].ToString();
        id = given.Length is > 0 and <= 100 && Safe().IsMatch(given) && !IsReserved(given)
            ? given
            : Activity.Current?.TraceId.ToHexString() ?? Guid.CreateVersion7().ToString("N");
        context.Items[ItemKey] = id;
        return id;
    }

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var id = Of(context);
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        Activity.Current?.SetTag("sakip.correlation_id", id);
        await next(context);
    });

    /// <summary>Correlation ids the service gives its own work (the demo seed, imports run by the service).</summary>
    public const string ServicePrefix = "sakip-";

    /// <summary>
    /// A caller may not borrow the ids the service stamps itself (its own work, <c>demo-seed</c>, or a trace id, which
    /// is what an uncorrelated request gets): such a value would file a user's change with work it is not part of.
    /// The response's X-Correlation-Id says which id was used instead.
    /// </summary>
    public static bool IsReserved(string id) =>
        id.StartsWith(ServicePrefix, StringComparison.OrdinalIgnoreCase) || id.Equals(Demo.DemoData.CorrelationId, StringComparison.OrdinalIgnoreCase) ||
        TraceLike().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9._:-]+$")]
    private static partial Regex Safe();

    [GeneratedRegex("^[0-9a-fA-F]{32}$")]
    private static partial Regex TraceLike();
}
