namespace Sakip.Api.Plans;

/// <param name="Type">Document type, e.g. "Perbup", "DPPA", "PK Perubahan".</param>
public sealed record LegalBasisInput([property: Required] string? Type, [property: Required] string? Number, [property: Required] DateOnly? Date);

/// <param name="Kind">pkPerubahan, dppaPerubahan, renjaPerubahan, changeOfOfficial or administrativeCorrection.</param>
/// <param name="EffectiveFromMonth">Month (1-12) of the year from which the change applies.</param>
/// <param name="AcknowledgeRealizedPeriods">Must be true to revise a period that already has a realization.</param>
public sealed record RevisionInput([property: Required] string? Kind, [property: Required] LegalBasisInput? LegalBasis, [property: Required] string? Reason, [property: Required] int? EffectiveFromMonth,
    bool AcknowledgeRealizedPeriods = false);
