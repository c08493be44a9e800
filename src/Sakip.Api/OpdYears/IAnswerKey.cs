namespace Sakip.Api.OpdYears;

/// <summary>
/// What a kept answer is found by in the report cache (ReportCache, in the capaian feature): a record naming exactly
/// what the answer shows (its tenant, scope and the versions of its inputs), compared by value. Only these types key the
/// cache: <see cref="PlanAnswerKey"/> here, the capaian reports' and the live Rencana Aksi's keys beside the cache.
/// </summary>
public interface IAnswerKey;
