namespace Sakip.Api.Infrastructure;

public static class Defaults
{
    /// <summary>
    /// Defaults kept in code rather than appsettings.json: the service is started from the repository root
    /// (where .sakip/ lives), so a settings file beside the project would not be read.
    /// </summary>
    public static WebApplicationBuilder UseSakipDefaults(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"]) &&
            string.IsNullOrEmpty(configuration["https_ports"]))
            builder.WebHost.UseUrls(SakipSettings.DefaultUrl);
        builder.WebHost.ConfigureKestrel(Http.HttpHygiene.ConfigureKestrel);

        foreach (var noisy in new[] { "Microsoft.AspNetCore", "Marten", "Wolverine", "JasperFx", "Weasel" })
            builder.Logging.AddFilter(noisy, LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        // The service has HTTP endpoints and no message handlers, by design.
        builder.Logging.AddFilter("Wolverine.Configuration.HandlerDiscovery", LogLevel.Error);
        // /health/ready answers Degraded while the projections start; a warning per poll says nothing more.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Error);
        // Development keeps its data-protection keys unencrypted on purpose; elsewhere the warning is a real one.
        if (builder.Environment.IsDevelopment())
            builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        return builder;
    }
}
