using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;

namespace Sakip.Api.Integrity;

/// <summary>
/// Authenticates every event a session appends, in the transaction that appends it: a listener of every session of
/// the store (endpoints, imports, the demo loader, anything written later), run by Marten after it numbered the
/// events and folded the inline snapshots and before it builds the insert commands. The last event a write appends
/// to a stream with an inline snapshot also carries the digest of that snapshot as stored, under the authenticator.
/// </summary>
public sealed class EventSealing(IntegrityKeys keys) : DocumentSessionListenerBase
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> Ids = new();

    public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var streams = session.PendingChanges.Streams().Where(s => s.Events.Count > 0).ToList();
        if (streams.Count == 0) return;
        var snapshots = Snapshots(session, streams);
        // What the write builds on: the snapshots it replaces and those it read to decide.
        var basis = streams.Where(s => snapshots.ContainsKey(s.Key!) && s.Events[0].Version > 1)
            .Select(s => (s.Key!, snapshots[s.Key!].GetType()))
            .Concat(session.Listeners.OfType<LoadedSnapshots>().SelectMany(l => l.Loaded))
            .Distinct().ToList();
        await SnapshotGuard.Check(session, keys, basis, token);
        foreach (var stream in streams)
        {
            var key = stream.Key ?? throw new InvalidOperationException("Streams are identified by string keys.");
            if (snapshots.TryGetValue(key, out var snapshot))
                stream.Events[^1].SetHeader(EventSeal.SnapshotHeader,
                    SnapshotKind(snapshot.GetType()) + ":" + Digest(Serializer(session.DocumentStore).ToJson(snapshot)));
            foreach (var e in stream.Events) Seal(keys.Current, Serializer(session.DocumentStore), stream.TenantId ?? session.TenantId, key, e);
        }
    }

    /// <summary>
    /// Stamps one event with its authenticator. Also for writes that bypass sessions (a bulk load): the event must have
    /// its stream, version, type and time, as it will be stored.
    /// </summary>
    public static void Seal(IntegrityKey key, ISerializer serializer, string tenant, string stream, IEvent e)
    {
        if (e.Version <= 0 || e.Timestamp == default || string.IsNullOrEmpty(e.EventTypeName))
            throw new InvalidOperationException(
                $"Event {e.Id} of {stream} has no version yet: an authenticator covers the version the row will hold, so append " +
                "with an expected version (FetchForWriting, StartStream, or Append with the expected version).");
        // Written as stored: PostgreSQL keeps microseconds, so the instant authenticated is the instant kept.
        e.Timestamp = EventSeal.Truncate(e.Timestamp);
        e.Headers?.Remove(EventSeal.MacHeader);
        var headers = e.Headers ?? new Dictionary<string, object>();
        var content = new SealedContent(tenant, stream, e.Version, e.Id, e.EventTypeName, EventSeal.Micros(e.Timestamp),
            e.CorrelationId, e.CausationId, e.UserName, JsonbText.Of(Encoding.UTF8.GetBytes(serializer.ToJson(headers))),
            JsonbText.Of(Encoding.UTF8.GetBytes(serializer.ToJson(e.Data))));
        e.SetHeader(EventSeal.MacHeader, EventSeal.Mac(key, content));
    }

    /// <summary>How a snapshot header names the document type it vouches for.</summary>
    public static string SnapshotKind(Type type) => type.Name.ToLowerInvariant();

    /// <summary>SHA-256 of a document's jsonb text: the same from the object written and from the stored row.</summary>
    public static string Digest(string json) => Convert.ToHexStringLower(SHA256.HashData(JsonbText.Of(Encoding.UTF8.GetBytes(json))));

    /// <summary>The inline snapshots this save stores, by the stream they fold (a snapshot's id is its stream's key).</summary>
    private static Dictionary<string, object> Snapshots(IDocumentSession session, List<StreamAction> streams)
    {
        var keys = streams.Select(s => s.Key!).ToHashSet(StringComparer.Ordinal);
        var types = SnapshotTypes(session.DocumentStore);
        var found = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var operation in session.PendingChanges.Operations().OfType<Weasel.Storage.IDocumentStorageOperation>())
        {
            var document = operation.Document;
            if (!types.Contains(document.GetType())) continue;
            var id = Ids.GetOrAdd(document.GetType(), t => t.GetProperty("Id"))?.GetValue(document) as string;
            if (id is not null && keys.Contains(id)) found[id] = document;
        }

        return found;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IDocumentStore, HashSet<Type>> Types = new();

    /// <summary>Documents kept by inline projections: the snapshots written in the same transaction as their events.</summary>
    public static HashSet<Type> SnapshotTypes(IDocumentStore store) => Types.GetValue(store, s => s.Options.Events.Projections()
        .Where(p => p.Lifecycle == ProjectionLifecycle.Inline).OfType<IProjectionSource<IDocumentOperations, IQuerySession>>()
        .SelectMany(p => p.PublishedTypes()).ToHashSet());

    public static ISerializer Serializer(IDocumentStore store) => store.Options.Serializer();
}
