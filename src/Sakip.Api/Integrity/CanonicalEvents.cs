using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Sakip.Api.Integrity;

/// <summary>An event as PostgreSQL holds it, and the bytes its link covers.</summary>
public sealed record CanonicalEvent(long Sequence, Guid Id, string StreamKey, long Version, string Type, DateTimeOffset RecordedAt,
    byte[] Bytes);

/// <summary>
/// Reads events straight from mt_events (not through the serializer), so the linker and the verifier hash the very
/// bytes stored: stream, version, type, data, metadata (headers, correlation, causation, user) and recorded time.
/// </summary>
public static class CanonicalEvents
{
    private const char Separator = '\u001f';

    public static async IAsyncEnumerable<CanonicalEvent> Read(NpgsqlDataSource dataSource, string tenant, long afterSequence,
        long? throughSequence, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"select seq_id, id, stream_id, version, type, data::text, coalesce(headers::text, ''), coalesce(correlation_id, ''), " +
            $"coalesce(causation_id, ''), coalesce(user_name, ''), timestamp from {Infrastructure.EventStore.Schema}.mt_events " +
            "where tenant_id = $1 and seq_id > $2 and seq_id <= $3 order by seq_id");
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(new() { Value = afterSequence });
        command.Parameters.Add(new() { Value = throughSequence ?? long.MaxValue });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var at = reader.GetFieldValue<DateTimeOffset>(10).ToUniversalTime();
            var recorded = at
                .ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
            var text = string.Join(Separator, tenant, reader.GetInt64(0).ToString(CultureInfo.InvariantCulture),
                reader.GetString(2), reader.GetInt64(3).ToString(CultureInfo.InvariantCulture), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9), recorded);
            yield return new CanonicalEvent(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt64(3),
                reader.GetString(4), at, Encoding.UTF8.GetBytes(text));
        }
    }

    /// <summary>link = HMAC-SHA256(key, previous link ‖ canonical bytes); the first link's previous is empty.</summary>
    public static string Link(byte[] key, string? previous, byte[] canonical)
    {
        byte[] prev = previous is null ? [] : Convert.FromHexString(previous);
        byte[] message = [.. prev, .. canonical];
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, message));
    }
}
