namespace Sakip.Api.Audit;

/// <summary>
/// The trail's folds, kept in memory between batches (bounded, least recently used out) instead of loaded and stored as a
/// document per stream per batch. A fold is only ever used for the event right after it (its version + 1); anything
/// else — a miss, a restart, a rebuild, a batch retried after a failure, an event quarantined in between — folds the
/// stream again from its verified rows, so the cache can make the trail faster but never different. Folds are
/// immutable records (each step makes a new one), so a cached fold is never changed by the step that follows it.
/// </summary>
public sealed class AuditFolds(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tenant, string Stream), LinkedListNode<(string Tenant, string Stream, AuditFold Fold)>> _index = [];
    private readonly LinkedList<(string Tenant, string Stream, AuditFold Fold)> _recent = [];

    public AuditFold? Get(string tenant, string stream)
    {
        lock (_gate)
        {
            if (!_index.TryGetValue((tenant, stream), out var node)) return null;
            _recent.Remove(node);
            _recent.AddFirst(node);
            return node.Value.Fold;
        }
    }

    public void Put(string tenant, string stream, AuditFold fold)
    {
        lock (_gate)
        {
            if (_index.Remove((tenant, stream), out var old)) _recent.Remove(old);
            _index[(tenant, stream)] = _recent.AddFirst((tenant, stream, fold));
            while (_index.Count > capacity)
            {
                var last = _recent.Last!;
                _recent.RemoveLast();
                _index.Remove((last.Value.Tenant, last.Value.Stream));
            }
        }
    }
}
