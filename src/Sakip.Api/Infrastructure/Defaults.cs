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
        return builder;
    }
}
