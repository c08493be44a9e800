namespace Sakip.Api.Operations;

/// <summary>
/// When each projection shard running on this node last moved, to tell a stalled shard from a busy one: a shard is
/// stalled when its stored position stays the same, behind the newest event, for longer than its allowance. Each
/// restart that does not bring progress doubles the allowance (up to 16×), so a slow batch is not cut short forever;
/// progress resets it.
/// </summary>
public sealed class ShardStalls(TimeSpan allowance)
{
    private readonly Dictionary<Uri, (long Position, DateTimeOffset Since, int Restarts)> _seen = [];

    /// <summary>How long the shard has been stalled when that is past its allowance (and starts counting again); else null.</summary>
    public TimeSpan? Observe(Uri shard, long position, long head, DateTimeOffset now)
    {
        if (!_seen.TryGetValue(shard, out var seen) || seen.Position != position || position >= head)
        {
            _seen[shard] = (position, now, position > seen.Position || position >= head ? 0 : seen.Restarts);
            return null;
        }

        var stalledFor = now - seen.Since;
        if (stalledFor < allowance * Math.Pow(2, Math.Min(seen.Restarts, 4))) return null;
        _seen[shard] = (position, now, seen.Restarts + 1);
        return stalledFor;
    }

    /// <summary>Forgets the shards no longer running here.</summary>
    public void Keep(IEnumerable<Uri> shards)
    {
        var keep = shards.ToHashSet();
        foreach (var gone in _seen.Keys.Where(k => !keep.Contains(k)).ToList()) _seen.Remove(gone);
    }
}
