using System.Security.Cryptography;
using System.Text;
using Marten;
using Npgsql;

namespace Sakip.Api.Integrity;

/// <summary>The checks of a verification that follow the pass over the events: stream records and inline snapshots.</summary>
public static partial class IntegrityVerifier
{
    /// <summary>Each stream's recorded version must be the version its events end at.</summary>
    private static async Task CheckStreams(NpgsqlDataSource dataSource, string tenant, Dictionary<string, StreamState> streams,
        Action<string, long?, Guid?, string?, long?, string?, string> add, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"select id, version from {Infrastructure.EventStore.Schema}.mt_streams where tenant_id = $1 and id <> 'mt_tombstone'");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        var recorded = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (id, version) = (reader.GetString(0), reader.GetInt64(1));
            recorded.Add(id);
            var last = streams.GetValueOrDefault(id)?.LastVersion ?? 0;
            if (version > last)
                add("stream-version", null, null, id, version, null,
                    $"{id} is at version {version} but its events end at version {last}: its newest events were deleted.");
            else if (version < last)
                add("stream-version", null, null, id, version, null,
                    $"{id} is at version {version} but has events up to version {last}: events were added outside the service.");
        }

        foreach (var (id, state) in streams.Where(s => !recorded.Contains(s.Key)))
            add("stream-version", state.FirstSequence, null, id, null, null, $"{id} has events but no stream record: they were added outside the service.");
    }

    /// <summary>Every inline snapshot must be, byte for byte, the one its stream's last authenticated write stored.</summary>
    private static async Task CheckSnapshots(IQuerySession session, NpgsqlDataSource dataSource, string tenant,
        Dictionary<string, StreamState> streams, Action<string, long?, Guid?, string?, long?, string?, string> add, CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in EventSealing.SnapshotTypes(session.DocumentStore))
        {
            var table = session.DocumentStore.Options.FindOrResolveDocumentType(type).TableName.QualifiedName;
            await using var command = dataSource.CreateCommand($"select id, data::text from {table} where tenant_id = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = tenant });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetString(0);
                seen.Add(id);
                var digest = EventSealing.SnapshotKind(type) + ":" +
                             Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(reader.GetString(1))));
                var state = streams.GetValueOrDefault(id);
                if (state is null)
                    add("snapshot", null, null, id, null, null, $"The snapshot {id} has no events behind it: it was written outside the service.");
                else if (state.Digest is null)
                    add("snapshot", state.FirstSequence, null, id, null, null,
                        $"The snapshot {id} cannot be vouched for: no authenticated event of its stream carries its digest.");
                else if (state.RejectedVersion > state.DigestVersion && state.Digest != digest)
                    add("snapshot", state.RejectedSequence, null, id, state.RejectedVersion, null,
                        $"The snapshot {id} does not match its stream's authenticated events: it holds version {state.RejectedVersion}, which failed verification.");
                else if (state.DigestVersion < state.AuthenticVersion)
                    add("snapshot", state.DigestSequence, null, id, state.DigestVersion, null,
                        $"The snapshot {id} stops at version {state.DigestVersion}, before its stream's authenticated events end ({state.AuthenticVersion}).");
                else if (state.Digest != digest)
                    add("snapshot", state.DigestSequence, null, id, state.DigestVersion, null,
                        $"The snapshot {id} is not the one the service stored with version {state.DigestVersion}: it was changed outside the service.");
            }
        }

        foreach (var (id, state) in streams.Where(s => s.Value.Digest is not null && s.Value.DigestVersion == s.Value.AuthenticVersion && !seen.Contains(s.Key)))
            add("snapshot", state.DigestSequence, null, id, state.DigestVersion, null, $"The snapshot {id} is missing: it was deleted outside the service.");
    }
}
