using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Realizations;

public sealed record VerifyRealization([property: Required] long? ExpectedVersion, string? Note);

public sealed record ReturnRealization([property: Required] long? ExpectedVersion, [property: Required] string? Reason);

/// <summary>The checks a verifier's decision on a submitted realization goes through.</summary>
public static class VerifierDecision
{
    public static ProblemDetails Allowed(string id, IndicatorWrite write, ClaimsPrincipal user) =>
        IndicatorWrites.Allowed(write, id, user, "verify realizations", Roles.Verifier);

    /// <summary>
    /// Who submitted the latest value of the period, as the event's metadata records it: read from the rows the service
    /// authenticated, so a submission forged or edited in the database cannot name another submitter.
    /// </summary>
    public static async Task<string?> Submitter(IDocumentSession session, Integrity.IntegrityKeys keys, string streamKey, int period,
        CancellationToken ct)
    {
        var stream = await Integrity.StoredEvents.Verify(session, keys, Integrity.StoredEvents.Streams(
            Tenants.TenantDatabases.DataSourceOf(session), session.TenantId, [streamKey], null, null, ct), ct);
        return stream.Events.LastOrDefault(e => e.Data is RealizationSubmitted s && s.Period == period) is { } latest
            ? Infrastructure.EventAuthor.Of(latest).UserId
            : null;
    }

    public static ProblemDetails Check(int period, long? expectedVersion, IndicatorWrite write, FieldChecks fields)
    {
        fields.RequiredVersion("expectedVersion", expectedVersion);
        if (fields.HasErrors) return fields.Result();
        if (RealizationRules.Reporting(write.Plan) is { } refused) return refused.ToProblem();
        if (!write.Indicator.Realizations.TryGetValue(period, out var realization))
            return Problems.NotFound($"Period {period} has no realization to decide on.");
        if (realization.Status != RealizationStatus.Submitted)
            return Problems.Unprocessable($"Period {period} is {realization.Status.ToString().ToLowerInvariant()}: only a " +
                                          "submitted realization can be verified or returned.");
        return ExpectedVersion.Check(expectedVersion, write.Stream);
    }
}

public static class VerifyRealizationEndpoint
{
    public static Task<IndicatorWrite> LoadAsync(string id, IDocumentSession session, CancellationToken ct) =>
        IndicatorWrites.Load(id, session, ct);

    public static ProblemDetails Before(string id, IndicatorWrite write, ClaimsPrincipal user) =>
        VerifierDecision.Allowed(id, write, user);

    /// <summary>Four eyes: whoever submitted the realization (of any role) may not verify it as well.</summary>
    public static async Task<ProblemDetails> ValidateAsync(int period, VerifyRealization command, IndicatorWrite write,
        ClaimsPrincipal user, IDocumentSession session, Integrity.IntegrityKeys keys, CancellationToken ct)
    {
        if (write.Indicator.Realizations.TryGetValue(period, out var realization) &&
            realization.Status == RealizationStatus.Submitted &&
            await VerifierDecision.Submitter(session, keys, write.Indicator.Id, period, ct) is { } submitter &&
            submitter == SakipUser.From(user)?.UserId)
            return Problems.Forbidden($"Period {period} was submitted by this user ({submitter}): another verifier must " +
                                      "verify it (four eyes).");
        return VerifierDecision.Check(period, command.ExpectedVersion, write,
            new FieldChecks().When(command.Note?.Length > 2000, "note", "must be at most 2000 characters."));
    }

    /// <summary>Verifies a submitted realization (verifier of the OPD). Whoever submitted it may not verify it (four eyes).</summary>
    [WolverinePost("/api/{tenant}/indicators/{id}/realizations/{period}/verification", Name = "VerifyRealization")]
    [Tags("Realizations")]
    public static IndicatorView Post(int period, VerifyRealization command, IndicatorWrite write)
    {
        var i = write.Indicator;
        return write.Answer(new RealizationVerified(i.IndicatorId, i.Opd, i.Year, period, command.Note?.Trim()));
    }
}

public static class ReturnRealizationEndpoint
{
    public static Task<IndicatorWrite> LoadAsync(string id, IDocumentSession session, CancellationToken ct) =>
        IndicatorWrites.Load(id, session, ct);

    public static ProblemDetails Before(string id, IndicatorWrite write, ClaimsPrincipal user) =>
        VerifierDecision.Allowed(id, write, user);

    public static ProblemDetails Validate(int period, ReturnRealization command, IndicatorWrite write) =>
        VerifierDecision.Check(period, command.ExpectedVersion, write, new FieldChecks().Required("reason", command.Reason, 2000));

    /// <summary>Returns a submitted realization to the operator, with the reason.</summary>
    [WolverinePost("/api/{tenant}/indicators/{id}/realizations/{period}/return", Name = "ReturnRealization")]
    [Tags("Realizations")]
    public static IndicatorView Post(int period, ReturnRealization command, IndicatorWrite write)
    {
        var i = write.Indicator;
        return write.Answer(new RealizationReturned(i.IndicatorId, i.Opd, i.Year, period, command.Reason!.Trim()));
    }
}
