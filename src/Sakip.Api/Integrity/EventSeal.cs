using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sakip.Api.Integrity;

/// <summary>
/// What an event's authenticator covers, as the service knows it before the write and as the row holds it after:
/// tenant, stream, version, event id, type, recorded time (microseconds), correlation and causation ids, user, the
/// headers (who, role, OPD, source, reason, import file and row, snapshot digest; all but the authenticator itself) and
/// the data, both as PostgreSQL prints their jsonb (<see cref="JsonbText"/>). Not the sequence: the chain covers the
/// order, and bulk loads and tenant moves number events in the database.
/// </summary>
public sealed record SealedContent(string Tenant, string Stream, long Version, Guid Id, string Type, long Micros,
    string? CorrelationId, string? CausationId, string? UserName, byte[] Headers, byte[] Data);

/// <summary>The authenticator of one event: HMAC-SHA256 with a key of the ring over its <see cref="SealedContent"/>.</summary>
public static class EventSeal
{
    /// <summary>Header holding <c>{key id}:{HMAC-SHA256 in hex}</c>; not part of what it covers.</summary>
    public const string MacHeader = "sakip_mac";

    /// <summary>Header of the last event a write appended to a stream with an inline snapshot: <c>{document type}:{SHA-256
    /// in hex}</c> of the snapshot's jsonb text as that write stored it.</summary>
    public const string SnapshotHeader = "sakip_snapshot";

    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;

    /// <summary>Microseconds since 1970, rounded down (the precision of timestamptz).</summary>
    public static long Micros(DateTimeOffset t)
    {
        var ticks = t.UtcTicks - Epoch.UtcTicks;
        return ticks >= 0 ? ticks / 10 : -((-ticks + 9) / 10);
    }

    /// <summary>The instant PostgreSQL stores for <paramref name="t"/> (timestamptz holds microseconds).</summary>
    public static DateTimeOffset Truncate(DateTimeOffset t) => new(Epoch.UtcTicks + Micros(t) * 10, TimeSpan.Zero);

    public static string Mac(IntegrityKey key, SealedContent content) =>
        key.Id + ":" + Convert.ToHexStringLower(HMACSHA256.HashData(key.HmacKey, Message(key.Id, content)));

    /// <summary>Null when <paramref name="mac"/> is this content's authenticator under a key of the ring, else the reason.</summary>
    public static string? Check(IntegrityKeys keys, string? mac, SealedContent content)
    {
        if (string.IsNullOrEmpty(mac)) return "The event carries no authenticator: the service did not write it.";
        var colon = mac.IndexOf(':');
        var key = colon > 0 ? keys.Find(mac[..colon]) : null;
        if (key is null)
            return $"The event's authenticator names key '{(colon > 0 ? mac[..colon] : mac)}', which this service does not hold.";
        var expected = HMACSHA256.HashData(key.HmacKey, Message(key.Id, content));
        byte[] given;
        try
        {
            given = Convert.FromHexString(mac.AsSpan(colon + 1));
        }
        catch (FormatException)
        {
            return "The event's authenticator is malformed.";
        }

        return CryptographicOperations.FixedTimeEquals(expected, given)
            ? null
            : "The event's authenticator does not match its content: it was written or changed outside the service.";
    }

    /// <summary>Each field length-prefixed (a null is '-'), so no field can run into the next.</summary>
    public static byte[] Message(string keyId, SealedContent c)
    {
        var buffer = new MemoryStream(c.Data.Length + c.Headers.Length + 256);
        Field(buffer, "sakip-event-v1");
        Field(buffer, keyId);
        Field(buffer, c.Tenant);
        Field(buffer, c.Stream);
        Field(buffer, c.Version.ToString(CultureInfo.InvariantCulture));
        Field(buffer, c.Id.ToString("D"));
        Field(buffer, c.Type);
        Field(buffer, c.Micros.ToString(CultureInfo.InvariantCulture));
        Field(buffer, c.CorrelationId);
        Field(buffer, c.CausationId);
        Field(buffer, c.UserName);
        Field(buffer, c.Headers);
        Field(buffer, c.Data);
        return buffer.ToArray();
    }

    /// <summary>Text fields framed the same way, for other messages (links).</summary>
    public static byte[] Frame(params string?[] fields)
    {
        var buffer = new MemoryStream();
        foreach (var field in fields) Field(buffer, field);
        return buffer.ToArray();
    }

    private static void Field(MemoryStream buffer, string? value) =>
        Field(buffer, value is null ? null : Encoding.UTF8.GetBytes(value));

    private static void Field(MemoryStream buffer, byte[]? value)
    {
        if (value is null)
        {
            buffer.WriteByte((byte)'-');
            return;
        }

        buffer.Write(Encoding.ASCII.GetBytes(value.Length.ToString(CultureInfo.InvariantCulture)));
        buffer.WriteByte((byte)':');
        buffer.Write(value);
        buffer.WriteByte((byte)',');
    }
}
