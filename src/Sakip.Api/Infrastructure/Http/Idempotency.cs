using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Marten;
using Sakip.Api.Infrastructure.Auth;

namespace Sakip.Api.Infrastructure.Http;

/// <summary>
/// The first result of a write sent with an <c>Idempotency-Key</c>, kept per tenant and user. The record is
/// inserted in the same transaction as the write's events (so a write that committed always has it, even when
/// its answer never reached the client), and its answer is added right after the commit.
/// </summary>
public sealed class IdempotentRequest
{
    /// <summary><c>{user id}/{key}</c>: a key only ever replays to the user who sent it.</summary>
    public string Id { get; set; } = "";
    public string Fingerprint { get; set; } = "";
    public string RequestId { get; set; } = "";
    public string Method { get; set; } = "";
    public string Path { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
    public int? Status { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public string? Body { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }

    public static void Configure(StoreOptions opts) => opts.Schema.For<IdempotentRequest>();
}

/// <summary>
/// <c>Idempotency-Key</c> on writes under <c>/api/{tenant}</c>: a client may resend a realization, a revision or
/// an import with the same key and gets the first answer back (header <c>Idempotent-Replayed: true</c>), never a
/// second event — also when the first attempt timed out after its commit, and when both arrive at once (the
/// second one's transaction fails on the record's key and it answers with the first one's result). A key reused
/// for a different request is refused (422). Failed writes store nothing, so their retry runs again.
/// </summary>
public static partial class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const string ItemKey = "sakip.idempotent-request";
    private static readonly TimeSpan WaitForFirst = TimeSpan.FromSeconds(15);

    /// <summary>Called by the write middleware when the session opens: the record joins the write's transaction.</summary>
    public static void Enlist(HttpContext context, IDocumentSession session)
    {
        if (context.Items.TryGetValue(ItemKey, out var item) && item is IdempotentRequest request) session.Insert(request);
    }

    public static IApplicationBuilder UseIdempotency(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var key = context.Request.Headers[Header].ToString();
        var tenant = Tenants.TenantDatabases.OfPath(context.Request.Path);
        var user = SakipUser.From(context.User);
        if (key.Length == 0 || tenant is null || user is null || Auth.TenantAccessMiddleware.Check(user, tenant).IsProblem()
            || !HttpMethods.IsPost(context.Request.Method) && !HttpMethods.IsPut(context.Request.Method)
            && !HttpMethods.IsPatch(context.Request.Method) && !HttpMethods.IsDelete(context.Request.Method))
        {
            await next(context);
            return;
        }

        if (key.Length > 200 || !SafeKey().IsMatch(key))
        {
            await Problems.Write(context, Problems.Validation(new Problems.FieldError(Header,
                "Use 1 to 200 characters of letters, digits, '.', '_', ':' or '-' (a UUID is a good key).")));
            return;
        }

        var store = context.RequestServices.GetRequiredService<IDocumentStore>();
        var ct = context.RequestAborted;
        var id = $"{user.UserId}/{key}";
        var fingerprint = await Fingerprint(context.Request, ct);

        var first = await Load(store, tenant, id, CancellationToken.None);
        if (first is not null)
        {
            await Replay(context, store, tenant, first, fingerprint);
            return;
        }

        var mine = new IdempotentRequest
        {
            Id = id, Fingerprint = fingerprint, RequestId = Guid.CreateVersion7().ToString("N"),
            Method = context.Request.Method, Path = context.Request.Path + context.Request.QueryString,
            ReceivedAt = DateTimeOffset.UtcNow,
        };
        context.Items[ItemKey] = mine;

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        Exception? failure = null;
        try
        {
            await next(context);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failure = e;
        }
        finally
        {
            context.Response.Body = original;
        }

        // The answer is only known now; whether the record committed with the write is read back, not assumed.
        var stored = await Load(store, tenant, id, CancellationToken.None);
        if (stored is not null && stored.RequestId != mine.RequestId)
        {
            // Another attempt with this key committed first; this one's transaction failed on the key.
            context.Response.Clear();
            await Replay(context, store, tenant, stored, fingerprint);
            return;
        }

        if (failure is not null) throw failure;

        if (stored is not null)
        {
            await using var session = store.LightweightSession(tenant);
            if (context.Response.StatusCode >= 400) session.Delete(stored);
            else
            {
                stored.Status = context.Response.StatusCode;
                stored.ContentType = context.Response.ContentType;
                stored.Location = context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null;
                stored.Body = Encoding.UTF8.GetString(buffer.ToArray());
                stored.AnsweredAt = DateTimeOffset.UtcNow;
                session.Update(stored);
            }

            await session.SaveChangesAsync(CancellationToken.None);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, CancellationToken.None);
    });

    private static async Task Replay(HttpContext context, IDocumentStore store, string tenant, IdempotentRequest first,
        string fingerprint)
    {
        if (first.Fingerprint != fingerprint)
        {
            await Problems.Write(context, Problems.Unprocessable(
                $"This Idempotency-Key was first used for {first.Method} {first.Path} with another body; use a new key for a new request.",
                new Problems.FieldError(Header, "was already used for a different request.")));
            return;
        }

        var deadline = DateTimeOffset.UtcNow + WaitForFirst;
        while (first.Status is null && DateTimeOffset.UtcNow < deadline && DateTimeOffset.UtcNow - first.ReceivedAt <= 2 * WaitForFirst
               && !context.RequestAborted.IsCancellationRequested)
        {
            await Task.Delay(50, CancellationToken.None);
            first = await Load(store, tenant, first.Id, CancellationToken.None) ?? first;
        }

        if (first.Status is not { } status && DateTimeOffset.UtcNow - first.ReceivedAt > 2 * WaitForFirst)
        {
            // The first attempt committed and then lost its answer (its node or the database went down between the
            // commit and recording the answer). The write is there; say so rather than run it again.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.Headers[ReplayedHeader] = "true";
            await context.Response.WriteAsJsonAsync(new
            {
                committed = true, first.Method, first.Path, first.ReceivedAt,
                detail = "The first request with this Idempotency-Key was committed, but its answer was lost. " +
                         "Read the resource for its current state; do not send the change again.",
            });
            return;
        }

        if (first.Status is not { } answered)
        {
            context.Response.Headers.RetryAfter = "1";
            await Problems.Write(context, Problems.Conflict(
                "The first request with this Idempotency-Key committed but its answer is not recorded yet; retry shortly."));
            return;
        }

        context.Response.StatusCode = answered;
        context.Response.Headers[ReplayedHeader] = "true";
        if (first.Location is not null) context.Response.Headers.Location = first.Location;
        if (first.ContentType is not null) context.Response.ContentType = first.ContentType;
        if (first.Body is { Length: > 0 } body) await context.Response.WriteAsync(body, Encoding.UTF8);
    }

    private static async Task<IdempotentRequest?> Load(IDocumentStore store, string tenant, string id, CancellationToken ct)
    {
        await using var session = store.QuerySession(tenant);
        return await session.LoadAsync<IdempotentRequest>(id, ct);
    }

    private static async Task<string> Fingerprint(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}{request.QueryString}\n"));
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0) sha.AppendData(chunk, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]+$")]
    private static partial Regex SafeKey();
}
