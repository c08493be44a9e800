namespace Sakip.Api.Infrastructure;

/// <summary>The service's own settings, section <c>Sakip</c> (environment: <c>Sakip__Name</c>).</summary>
public sealed record SakipSettings
{
    /// <summary>Where the embedded cluster and the development signing key live.</summary>
    public string DataDirectory { get; init; } = ".sakip";

    public string? PostgresBinDirectory { get; init; }

    public string DatabaseName { get; init; } = "sakip";

    /// <summary>HMAC key for JWTs (at least 32 bytes); a development key is generated when empty.</summary>
    public string? SigningKey { get; init; }

    public string Issuer { get; init; } = "sakip-eventstore";

    public string Audience { get; init; } = "sakip-eventstore";

    /// <summary>Load the demo tenant on start when its data is missing; turn off in production.</summary>
    public bool SeedDemo { get; init; } = true;

    /// <summary>How fast the nodes of a cluster notice each other (Wolverine's node heartbeats); defaults are Wolverine's.</summary>
    public ClusterSettings Cluster { get; init; } = new();

    public const string DefaultUrl = "http://localhost:5080";

    public static SakipSettings From(IConfiguration configuration) =>
        configuration.GetSection("Sakip").Get<SakipSettings>() ?? new SakipSettings();
}

/// <summary>Section <c>Sakip:Cluster</c>: heartbeat and failover timing of the projection agents across nodes. One
/// heartbeat is a row update per node: cheap enough to keep short.</summary>
public sealed record ClusterSettings
{
    /// <summary>Seconds between a node's heartbeats and the leader's agent checks (also how soon after start the
    /// projections run).</summary>
    public double HeartbeatSeconds { get; init; } = 2;

    /// <summary>Seconds without a heartbeat after which a node is dead and its projections move.</summary>
    public double StaleNodeSeconds { get; init; } = 20;
}
