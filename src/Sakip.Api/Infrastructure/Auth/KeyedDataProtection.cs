using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Sakip.Api.Infrastructure.Auth;

/// <summary>
/// Protects the console's session cookie, its form tokens and the sign-in state with keys derived from the service's
/// signing key (HKDF per purpose, AES-256-GCM), instead of ASP.NET's key ring: every node that shares
/// <c>Sakip:SigningKey</c> reads what another wrote, and no key lives in a file or in the database. Changing the
/// signing key ends every console session, as it ends every token.
/// </summary>
public sealed class KeyedDataProtection(byte[] master) : IDataProtectionProvider
{
    private const byte Version = 1;
    private const int NonceSize = 12, TagSize = 16;

    public IDataProtector CreateProtector(string purpose) => new Protector(master, [purpose]);

    private sealed class Protector(byte[] master, string[] purposes) : IDataProtector
    {
        private readonly byte[] _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32,
            Encoding.UTF8.GetBytes("sakip-data-protection-v1"), Encoding.UTF8.GetBytes(string.Join('\u001f', purposes)));

        public IDataProtector CreateProtector(string purpose) => new Protector(master, [.. purposes, purpose]);

        public byte[] Protect(byte[] plaintext)
        {
            var output = new byte[1 + NonceSize + TagSize + plaintext.Length];
            output[0] = Version;
            var nonce = output.AsSpan(1, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            using var aes = new AesGcm(_key, TagSize);
            aes.Encrypt(nonce, plaintext, output.AsSpan(1 + NonceSize + TagSize), output.AsSpan(1 + NonceSize, TagSize));
            return output;
        }

        public byte[] Unprotect(byte[] protectedData)
        {
            if (protectedData.Length < 1 + NonceSize + TagSize || protectedData[0] != Version)
                throw new CryptographicException("The payload was not protected by this service.");
            var plaintext = new byte[protectedData.Length - 1 - NonceSize - TagSize];
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(protectedData.AsSpan(1, NonceSize), protectedData.AsSpan(1 + NonceSize + TagSize),
                protectedData.AsSpan(1 + NonceSize, TagSize), plaintext);
            return plaintext;
        }
    }
}
