namespace Sakip.Api.Domain;

/// <summary>A value of a record before and after a change: what history, audit and registers show of every change.</summary>
public sealed record FieldChange(string Field, string? Before, string? After)
{
    /// <summary>The values that differ between two flat views of a record, in the order of the newer one.</summary>
    public static IReadOnlyList<FieldChange> Between(IReadOnlyDictionary<string, string?> old, IReadOnlyDictionary<string, string?> now) =>
        now.Keys.Union(old.Keys).Select(k => new FieldChange(k, old.GetValueOrDefault(k), now.GetValueOrDefault(k)))
            .Where(c => c.Before != c.After).ToList();
}
