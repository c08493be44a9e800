using System.Globalization;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Sakip.Api.Integrity;

/// <summary>
/// A signed receipt of the chain: tenant, head sequence and link, time, Ed25519-signed with the service's key.
/// Inspectors keep it outside the system and present it later to prove the history up to it is unchanged.
/// </summary>
public sealed record Checkpoint(string Id, string Tenant, long Sequence, string? Link, DateTimeOffset IssuedAt,
    string PublicKey, string Signature);

public sealed record ReceiptCheck(bool SignatureValid, bool Matches, string Detail);

public static class Checkpoints
{
    public static Checkpoint Issue(IntegrityKeys keys, string tenant, IntegrityHead head, DateTimeOffset now)
    {
        var unsigned = new Checkpoint(Guid.CreateVersion7().ToString(), tenant, head.Sequence, head.Link, now,
            Convert.ToBase64String(keys.PublicKey.GetEncoded()), "");
        var signer = new Ed25519Signer();
        signer.Init(true, keys.SigningKey);
        var message = Message(unsigned);
        signer.BlockUpdate(message, 0, message.Length);
        return unsigned with { Signature = Convert.ToBase64String(signer.GenerateSignature()) };
    }

    public static ReceiptCheck Check(Checkpoint receipt, IntegrityKeys keys, string? currentLink, string tenant)
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(keys.PublicKey.GetEncoded()));
        var message = Message(receipt);
        verifier.BlockUpdate(message, 0, message.Length);
        var signed = receipt.Tenant == tenant && TryVerify(verifier, receipt.Signature);
        if (!signed) return new ReceiptCheck(false, false, "The receipt's signature does not verify with this service's key.");
        return currentLink == receipt.Link
            ? new ReceiptCheck(true, true, $"The history up to sequence {receipt.Sequence} is the one the receipt was issued for.")
            : new ReceiptCheck(true, false, $"The link at sequence {receipt.Sequence} is no longer the one signed on " +
                                            $"{receipt.IssuedAt:O}: the history up to it was rewritten.");
    }

    private static bool TryVerify(Ed25519Signer verifier, string signature)
    {
        try
        {
            return verifier.VerifySignature(Convert.FromBase64String(signature));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static byte[] Message(Checkpoint c) => Encoding.UTF8.GetBytes(string.Join('\n', "sakip-checkpoint-v1", c.Tenant,
        c.Sequence.ToString(CultureInfo.InvariantCulture), c.Link ?? "", c.IssuedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)));
}
