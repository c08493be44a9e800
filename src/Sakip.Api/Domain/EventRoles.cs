namespace Sakip.Api.Domain;

// What an event is about, declared by the event itself: folds, histories and registers route by these
// interfaces, so a new event type is routed by what it declares rather than by a switch someone must remember.

/// <summary>An event that belongs to the plan of one OPD for one year: its scope is in its own data.</summary>
public interface IOpdYearEvent
{
    string Opd { get; }
    int Year { get; }
}

/// <summary>An event of an annual plan's own stream (not of one of its indicators).</summary>
public interface IPlanEvent;

/// <summary>An event of one indicator's stream.</summary>
public interface IIndicatorEvent
{
    string IndicatorId { get; }
}

/// <summary>An event that records in its own data why it happened (a correction's reason, a return's, a verifier's note).</summary>
public interface IStatesReason
{
    string? Why { get; }
}
