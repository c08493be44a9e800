using Marten;
using Sakip.Api.Domain;

namespace Sakip.Api.Indicators;

public enum RealizationStatus { Submitted, Verified, Returned }

/// <summary>Why a realization was resubmitted; OfVerified marks the correction of a verified value (flagged).</summary>
public sealed record Correction(string? Reason, bool OfVerified);

/// <summary>A reported realization; with a correction it changes a reported value, which makes it a revision.</summary>
public interface ICorrectable
{
    Correction? Correction { get; }
}

/// <summary>
/// The agency's operator reported a period's realization. Value follows the indicator's aggregation (an increment
/// for sum, the running total for cumulative, the level for last and average); the budget is cumulative to date.
/// </summary>
public sealed record RealizationSubmitted(string IndicatorId, string Opd, int Year, int Period, RealizedValue Value,
    decimal? BudgetRealizedToDate, string Evidence, string? SupportingFactors, string? InhibitingFactors,
    string? FollowUp, Correction? Correction) : IOpdYearEvent, IIndicatorEvent, ICorrectable, IStatesReason
{
    string? IStatesReason.Why => Correction?.Reason;
}

public sealed record RealizationVerified(string IndicatorId, string Opd, int Year, int Period, string? Note)
    : IOpdYearEvent, IIndicatorEvent, IStatesReason
{
    string? IStatesReason.Why => Note;
}

public sealed record RealizationReturned(string IndicatorId, string Opd, int Year, int Period, string Reason)
    : IOpdYearEvent, IIndicatorEvent, IStatesReason
{
    string? IStatesReason.Why => Reason;
}

public sealed record Realization(int Period, RealizedValue Value, decimal? BudgetRealizedToDate, string Evidence,
    string? SupportingFactors, string? InhibitingFactors, string? FollowUp, RealizationStatus Status,
    DateTimeOffset SubmittedAt, int Corrections, string? ReturnReason);

public static class RealizationRegister
{
    public static void Configure(StoreOptions opts)
    {
        opts.Events.MapEventType<RealizationSubmitted>("realization_submitted");
        opts.Events.MapEventType<RealizationVerified>("realization_verified");
        opts.Events.MapEventType<RealizationReturned>("realization_returned");
    }
}
