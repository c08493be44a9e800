using JasperFx.Events;

namespace Sakip.Api.Infrastructure;

/// <summary>Who recorded an event and through which request, as its metadata says.</summary>
public sealed record EventAuthor(string? UserId, string? UserName, string? UserRole, string? Source, string? CorrelationId)
{
    public static EventAuthor Of(IEvent e) => new(Header(e, EventHeaders.UserId) ?? e.UserName,
        Header(e, EventHeaders.UserName), Header(e, EventHeaders.UserRole), Header(e, EventHeaders.Source), e.CorrelationId);

    public static string? Header(IEvent e, string key) =>
        e.Headers is not null && e.Headers.TryGetValue(key, out var value) ? value?.ToString() : null;
}

public static class RecordedTime
{
    /// <summary>
    /// The recorded time at PostgreSQL's precision (microseconds). Inline projections fold the in-memory event
    /// (100 ns ticks) while replays fold what the database stored; truncating here makes both folds agree.
    /// </summary>
    public static DateTimeOffset RecordedAt(this IEvent e) =>
        new(e.Timestamp.Ticks - e.Timestamp.Ticks % 10, e.Timestamp.Offset);
}
