using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Sakip.Api.Infrastructure.Auth;

public static class SigningKeys
{
    /// <summary>
    /// The configured key, or a development key generated once into the data directory so that tokens
    /// printed by the <c>token</c> command keep working across restarts.
    /// </summary>
    public static SymmetricSecurityKey Resolve(SakipSettings settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.SigningKey))
        {
            var bytes = Encoding.UTF8.GetBytes(settings.SigningKey);
            if (bytes.Length < 32)
                throw new InvalidOperationException("Sakip:SigningKey must be at least 32 bytes long.");
            return new SymmetricSecurityKey(bytes);
        }

        Directory.CreateDirectory(settings.DataDirectory);
        var path = Path.Combine(settings.DataDirectory, "dev-signing-key");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }
}
