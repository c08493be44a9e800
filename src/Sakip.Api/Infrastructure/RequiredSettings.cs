using Sakip.Api.Infrastructure.Database;

namespace Sakip.Api.Infrastructure;

/// <summary>
/// Outside Development the service holds real records, so it never invents what protects them: a generated key
/// would sign tokens no other node accepts and link a chain no inspector can check after a redeploy, and an
/// embedded cluster would keep the record on the host's disk. A start without them stops at once, naming each.
/// </summary>
public static class RequiredSettings
{
    public sealed record Setting(string Key, string Environment, string Meaning);

    public static readonly Setting ConnectionString = new($"ConnectionStrings:{DatabaseSetup.ConnectionStringName}",
        $"ConnectionStrings__{DatabaseSetup.ConnectionStringName}",
        "the PostgreSQL server that keeps the record (the embedded cluster is for Development only)");

    public static readonly Setting SigningKey = new("Sakip:SigningKey", "Sakip__SigningKey",
        "the HMAC key of the API's tokens, at least 32 bytes, the same on every node");

    public static readonly Setting IntegrityKey = new("Sakip:IntegrityKey", "Sakip__IntegrityKey",
        "base64 of 64 bytes: the key that authenticates every event and signs the checkpoints, kept outside the database " +
        $"(or a key ring: {Integrity.IntegrityKeys.KeysSection}:<id> with {Integrity.IntegrityKeys.CurrentSetting})");

    /// <summary>What this start lacks: nothing in Development, where the defaults are generated.</summary>
    public static IReadOnlyList<Setting> Missing(IConfiguration configuration, IHostEnvironment environment, string[] args)
    {
        if (environment.IsDevelopment() || args is ["codegen", ..]) return [];
        Setting[] needed = args is ["token", ..] ? [SigningKey] : [ConnectionString, SigningKey, IntegrityKey];
        return needed.Where(s => string.IsNullOrWhiteSpace(configuration[s.Key]) &&
                                 !(s == IntegrityKey && configuration.GetSection(Integrity.IntegrityKeys.KeysSection).GetChildren().Any())).ToList();
    }

    /// <summary>Writes why the start is refused; true when it is.</summary>
    public static bool Refuse(WebApplicationBuilder builder, string[] args, TextWriter error)
    {
        var missing = Missing(builder.Configuration, builder.Environment, args);
        if (missing.Count == 0) return false;
        error.WriteLine($"Sakip.Api will not start in the '{builder.Environment.EnvironmentName}' environment without:");
        foreach (var setting in missing)
            error.WriteLine($"  {setting.Key} (environment variable {setting.Environment}): {setting.Meaning}");
        error.WriteLine("Set them, or run with ASPNETCORE_ENVIRONMENT=Development to use generated development " +
                        "keys, the embedded PostgreSQL and the demo tenant (as `dotnet run` does).");
        return true;
    }
}
