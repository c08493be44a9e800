using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Sakip.Api.Infrastructure;

namespace Sakip.Api.Integrity;

/// <summary>
/// The keys the service holds and the database does not: the HMAC key of the chain and the Ed25519 key of the
/// checkpoints. From <c>Sakip:IntegrityKey</c> (base64 of 64 bytes) or generated once into the data directory.
/// </summary>
public sealed class IntegrityKeys
{
    public IntegrityKeys(byte[] material)
    {
        if (material.Length < 64) throw new InvalidOperationException("Sakip:IntegrityKey must hold at least 64 bytes (base64).");
        HmacKey = material[..32];
        SigningKey = new Ed25519PrivateKeyParameters(material, 32);
        PublicKey = SigningKey.GeneratePublicKey();
    }

    public byte[] HmacKey { get; }
    public Ed25519PrivateKeyParameters SigningKey { get; }
    public Ed25519PublicKeyParameters PublicKey { get; }

    public static IntegrityKeys Resolve(IConfiguration configuration)
    {
        if (configuration["Sakip:IntegrityKey"] is { Length: > 0 } configured)
            return new IntegrityKeys(Convert.FromBase64String(configured));
        var settings = SakipSettings.From(configuration);
        Directory.CreateDirectory(settings.DataDirectory);
        var path = Path.Combine(settings.DataDirectory, "integrity-key");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new IntegrityKeys(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }
}
