namespace Sakip.Api.Domain;

public enum RevisionKind
{
    /// <summary>Perjanjian Kinerja Perubahan.</summary>
    PkPerubahan,

    /// <summary>DPPA / APBD-P: the budget changed.</summary>
    DppaPerubahan,

    RenjaPerubahan,
    ChangeOfOfficial,
    AdministrativeCorrection,

    /// <summary>Renstra Perubahan: the medium-term plan (IKU, IKI and their targets per year) changed.</summary>
    RenstraPerubahan,
}

/// <summary>The document that allows a change: its type (e.g. "Perbup", "DPPA"), number and date.</summary>
public sealed record LegalBasis(string DocumentType, string Number, DateOnly Date)
{
    public override string ToString() => $"{DocumentType} {Number} ({Date:yyyy-MM-dd})";
}

/// <summary>An event that may carry a formal revision: the register, history and audit read it from here.</summary>
public interface IRevisionEvent
{
    Revision? Revision { get; }
}

/// <summary>
/// A formal revision (Perubahan) made after the Perjanjian Kinerja was signed. It takes effect from a month of
/// the year; periods before it keep the values that were in force when they were reported.
/// </summary>
public sealed record Revision(RevisionKind Kind, LegalBasis LegalBasis, string Reason, int EffectiveFromMonth)
{
    /// <summary>
    /// A Renstra revision states the years of its period it changes (its month is then that of the first year).
    /// Absent on annual revisions, which stay stored as they were.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<int>? Years { get; init; }
}

/// <summary>
/// A period that already had a realization when its target was revised: the Inspektorat's red flag. Lowered
/// marks the worst case, a target lowered after the realization fell short of it.
/// </summary>
public sealed record RealizedPeriodRevised(int Period, string? Realized, string? TargetBefore, string? TargetAfter,
    bool Lowered, bool LoweredBelowShortfall);

/// <summary>A change of targets that states which already realized periods (or years) it revised.</summary>
public interface IRevisesRealized
{
    IReadOnlyList<RealizedPeriodRevised> RealizedRevised { get; }
}
