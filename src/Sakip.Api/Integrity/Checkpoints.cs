using System.Globalization;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Sakip.Api.Integrity;

/// <summary>
/// A signed receipt of the chain: tenant, head sequence and link, time and key id, Ed25519-signed with that key.
/// Inspectors keep it outside the system and present it later to prove the history up to it is unchanged.
/// </summary>
public sealed record Checkpoint(string Id, string Tenant, long Sequence, string? Link, DateTimeOffset IssuedAt,
    string PublicKey, string Signature, string? KeyId = null);

public sealed record ReceiptCheck(bool SignatureValid, bool Matches, string Detail);

public static class Checkpoints
{
    public static Checkpoint Issue(IntegrityKeys keys, string tenant, IntegrityHead head, DateTimeOffset now)
    {
        var key = keys.Current;
        var unsigned = new Checkpoint(Guid.CreateVersion7().ToString(), tenant, head.Sequence, head.Link, now,
            key.PublicKeyBase64, "", key.Id);
        var signer = new Ed25519Signer();
        signer.Init(true, key.SigningKey);
        var message = Message(unsigned);
        signer.BlockUpdate(message, 0, message.Length);
        return unsigned with { Signature = Convert.ToBase64String(signer.GenerateSignature()) };
    }

    /// <summary>
    /// The receipt is signed by a key of the ring for this tenant, and <paramref name="linkNow"/> — the chain's link at
    /// its sequence recomputed with its key over the events authenticated now — is still the link it signed.
    /// </summary>
    public static ReceiptCheck Check(Checkpoint receipt, IntegrityKeys keys, string tenant, string? linkNow)
    {
        var key = keys.Find(receipt.KeyId ?? IntegrityKeys.LegacyId);
        var signed = key is not null && receipt.Tenant == tenant && receipt.PublicKey == key.PublicKeyBase64 && Verify(receipt, key);
        if (!signed) return new ReceiptCheck(false, false, "The receipt's signature does not verify with a key of this service.");
        return linkNow == receipt.Link
            ? new ReceiptCheck(true, true, $"The history up to sequence {receipt.Sequence} is the one the receipt was issued for.")
            : new ReceiptCheck(true, false, $"The history up to sequence {receipt.Sequence} is no longer the one signed on " +
                                            $"{receipt.IssuedAt:O}: events up to it were changed, deleted or rewritten.");
    }

    private static bool Verify(Checkpoint receipt, IntegrityKey key)
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(key.PublicKey.GetEncoded()));
        var message = Message(receipt);
        verifier.BlockUpdate(message, 0, message.Length);
        try
        {
            return verifier.VerifySignature(Convert.FromBase64String(receipt.Signature));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static byte[] Message(Checkpoint c) => Encoding.UTF8.GetBytes(string.Join('\n', "sakip-checkpoint-v2", c.KeyId ?? "",
        c.Tenant, c.Sequence.ToString(CultureInfo.InvariantCulture), c.Link ?? "",
        c.IssuedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)));
}
