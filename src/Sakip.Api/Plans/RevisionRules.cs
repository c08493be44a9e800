using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Domain;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Plans;

/// <summary>
/// The lifecycle rule every change of a plan or an indicator obeys: free (but recorded) while the plan is a
/// draft, a formal revision once the Perjanjian Kinerja is signed, refused while the year is closed.
/// </summary>
public static class RevisionRules
{
    public static ProblemDetails Check(Plan? plan, RevisionInput? input)
    {
        if (plan is null) return Problems.NotFound("The plan of this OPD and year has not been started.");
        if (plan.Status == PlanStatus.Closed)
            return Problems.Unprocessable($"The year {plan.Year} of '{plan.Opd}' is closed: it accepts no change until " +
                                          "an admin reopens it (an audited reopening).");
        if (!plan.IsEstablished) return WolverineContinue.NoProblems;

        var missing = Missing(input).ToList();
        return missing.Count == 0
            ? WolverineContinue.NoProblems
            : Problems.Unprocessable(
                $"The Perjanjian Kinerja {plan.AgreementNumber} was signed on {plan.AgreementSignedOn:yyyy-MM-dd}: " +
                "this change is a formal revision (Perubahan) and needs its kind, legal basis, reason and effective month.",
                missing);
    }

    /// <summary>The revision to record: null while the plan is a draft (draft changes need no legal basis).</summary>
    public static Revision? ToRevision(Plan plan, RevisionInput? input) =>
        plan.IsEstablished && input is not null
            ? new Revision(ParseKind(input.Kind)!.Value, ToLegalBasis(input.LegalBasis!), input.Reason!.Trim(),
                input.EffectiveFromMonth!.Value)
            : null;

    public static LegalBasis ToLegalBasis(LegalBasisInput input) =>
        new(input.Type!.Trim(), input.Number!.Trim(), input.Date!.Value);

    private static IEnumerable<Problems.FieldError> Missing(RevisionInput? input)
    {
        if (input is null)
        {
            yield return new("revision", "is required after the Perjanjian Kinerja was signed.");
            yield break;
        }

        foreach (var error in Basis(input.Kind, input.LegalBasis, input.Reason)) yield return error;
        if (input.EffectiveFromMonth is null)
            yield return new("revision.effectiveFromMonth", "is required: the month (1-12) from which it applies.");
        else if (input.EffectiveFromMonth is < 1 or > 12)
            yield return new("revision.effectiveFromMonth", "must be a month from 1 to 12.");
    }

    /// <summary>What every formal revision states, of an annual plan or of a Renstra: kind, legal basis and reason.</summary>
    public static IEnumerable<Problems.FieldError> Basis(string? kind, LegalBasisInput? legalBasis, string? reason)
    {
        if (string.IsNullOrWhiteSpace(kind))
            yield return new("revision.kind", "is required: " + string.Join(", ", KindNames) + ".");
        else if (ParseKind(kind) is null)
            yield return new("revision.kind", $"'{kind}' is not one of: {string.Join(", ", KindNames)}.");
        if (string.IsNullOrWhiteSpace(legalBasis?.Type))
            yield return new("revision.legalBasis.type", "is required, e.g. \"Perbup\" or \"DPPA\".");
        else if (legalBasis!.Type!.Trim().Length > 100)
            yield return new("revision.legalBasis.type", "must be at most 100 characters.");
        if (string.IsNullOrWhiteSpace(legalBasis?.Number))
            yield return new("revision.legalBasis.number", "is required: the number of the legal document.");
        else if (legalBasis!.Number!.Trim().Length > 200)
            yield return new("revision.legalBasis.number", "must be at most 200 characters.");
        if (legalBasis?.Date is null)
            yield return new("revision.legalBasis.date", "is required: the date of the legal document.");
        if (string.IsNullOrWhiteSpace(reason))
            yield return new("revision.reason", "is required: why the value changes.");
        else if (reason.Length > 2000)
            yield return new("revision.reason", "must be at most 2000 characters.");
    }

    private static IEnumerable<string> KindNames =>
        Enum.GetNames<RevisionKind>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]);

    public static RevisionKind? ParseKind(string? kind) =>
        Enum.TryParse<RevisionKind>(kind?.Replace("-", "").Replace("_", "").Trim(), ignoreCase: true, out var parsed) &&
        Enum.IsDefined(parsed)
            ? parsed
            : null;
}
