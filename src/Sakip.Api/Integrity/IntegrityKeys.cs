using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Org.BouncyCastle.Crypto.Parameters;
using Sakip.Api.Infrastructure;

namespace Sakip.Api.Integrity;

/// <summary>One key of the keyring: 64 bytes, the first 32 the HMAC key of authenticators and links, the last 32 the
/// Ed25519 seed of checkpoints.</summary>
public sealed class IntegrityKey
{
    public IntegrityKey(string id, byte[] material)
    {
        if (material.Length < 64)
            throw new InvalidOperationException($"Integrity key '{id}' must hold at least 64 bytes (base64); it holds {material.Length}.");
        Id = id;
        HmacKey = material[..32];
        SigningKey = new Ed25519PrivateKeyParameters(material, 32);
        PublicKey = SigningKey.GeneratePublicKey();
        PublicKeyBase64 = Convert.ToBase64String(PublicKey.GetEncoded());
    }

    public string Id { get; }
    public byte[] HmacKey { get; }
    public Ed25519PrivateKeyParameters SigningKey { get; }
    public Ed25519PublicKeyParameters PublicKey { get; }
    public string PublicKeyBase64 { get; }
}

/// <summary>
/// The keys the service holds and the database does not. New authenticators, links and checkpoints use the current
/// key; every key of the ring still verifies what it made, so a rotation never invalidates the record.
/// </summary>
/// <remarks>
/// Configuration: <c>Sakip:Integrity:Keys:{id}</c> (base64 of 64 bytes, one entry per key) and
/// <c>Sakip:Integrity:CurrentKey</c>. The single <c>Sakip:IntegrityKey</c> of earlier versions is the key
/// <c>k1</c>. Without any key, a development start generates <c>k1</c> into the data directory; any other start
/// refuses (a generated key would live beside the data it is meant to vouch for).
/// </remarks>
public sealed partial class IntegrityKeys
{
    public const string LegacySetting = "Sakip:IntegrityKey";
    public const string KeysSection = "Sakip:Integrity:Keys";
    public const string CurrentSetting = "Sakip:Integrity:CurrentKey";
    public const string LegacyId = "k1";

    private readonly Dictionary<string, IntegrityKey> _keys;

    public IntegrityKeys(IEnumerable<IntegrityKey> keys, string current)
    {
        _keys = keys.ToDictionary(k => k.Id, StringComparer.Ordinal);
        Current = _keys.GetValueOrDefault(current)
                  ?? throw new InvalidOperationException($"{CurrentSetting} names '{current}', which is not in {KeysSection} ({string.Join(", ", _keys.Keys)}).");
    }

    /// <summary>A ring of one key (tests, tools).</summary>
    public IntegrityKeys(byte[] material) : this([new IntegrityKey(LegacyId, material)], LegacyId)
    {
    }

    public IntegrityKey Current { get; }

    public IReadOnlyCollection<IntegrityKey> All => _keys.Values;

    public IntegrityKey? Find(string? id) => id is not null && _keys.TryGetValue(id, out var key) ? key : null;

    /// <summary>
    /// Whether <paramref name="mac"/> (<c>keyId:hex</c>) is the authenticator <paramref name="hash"/> computes under the key
    /// it names, compared in constant time: for derived data kept under the service's key (checkpoints of folds).
    /// </summary>
    public bool Authenticates(string? mac, Func<IntegrityKey, byte[]> hash)
    {
        var colon = mac?.IndexOf(':') ?? -1;
        if (colon <= 0 || Find(mac![..colon]) is not { } key) return false;
        try
        {
            return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(mac.AsSpan(colon + 1)), hash(key));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static IntegrityKeys Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in configuration.GetSection(KeysSection).GetChildren())
        {
            if (!KeyId().IsMatch(entry.Key))
                throw new InvalidOperationException($"{KeysSection}:{entry.Key}: a key id is 1 to 16 lowercase letters, digits or '-'.");
            keys[entry.Key] = Decode($"{KeysSection}:{entry.Key}", entry.Value);
        }

        if (configuration[LegacySetting] is { Length: > 0 } legacy)
        {
            var material = Decode(LegacySetting, legacy);
            if (keys.TryGetValue(LegacyId, out var k1) && !k1.AsSpan().SequenceEqual(material))
                throw new InvalidOperationException($"{LegacySetting} is the key '{LegacyId}', and {KeysSection}:{LegacyId} holds another one: keep one of them.");
            keys[LegacyId] = material;
        }

        if (keys.Count == 0)
        {
            if (!environment.IsDevelopment())
                throw new InvalidOperationException(
                    $"No integrity key is configured ({LegacySetting}, or {KeysSection}:<id> with {CurrentSetting}). Outside Development the " +
                    "service refuses to start without it: the key authenticates every event and signs the checkpoints, and it must be " +
                    "kept outside the database (a key generated beside the data would vouch for nothing, and a lost key leaves the " +
                    "whole record unverifiable). Set it to the base64 of 64 random bytes, e.g. `openssl rand -base64 64`.");
            keys[LegacyId] = Development(configuration);
        }

        var current = configuration[CurrentSetting] is { Length: > 0 } named ? named
            : keys.Count == 1 ? keys.Keys.Single()
            : throw new InvalidOperationException(
                $"{KeysSection} holds {keys.Count} keys ({string.Join(", ", keys.Keys)}): {CurrentSetting} must name the one new events are authenticated with.");
        return new IntegrityKeys(keys.Select(k => new IntegrityKey(k.Key, k.Value)), current);
    }

    private static byte[] Decode(string setting, string? value)
    {
        try
        {
            return Convert.FromBase64String(value ?? "");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{setting} is not base64.");
        }
    }

    /// <summary>The development key: generated once into the data directory, readable by the service's user only.</summary>
    private static byte[] Development(IConfiguration configuration)
    {
        var settings = SakipSettings.From(configuration);
        Directory.CreateDirectory(settings.DataDirectory);
        var path = Path.Combine(settings.DataDirectory, "integrity-key");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return Convert.FromBase64String(File.ReadAllText(path).Trim());
    }

    [GeneratedRegex("^[a-z0-9-]{1,16}$")]
    private static partial Regex KeyId();
}
