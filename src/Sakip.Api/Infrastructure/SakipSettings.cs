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

    /// <summary>Load the demo tenant on start when its data is missing; unset: only in Development.</summary>
    public bool? SeedDemo { get; init; }

    /// <summary>How fast the nodes of a cluster notice each other (Wolverine's node heartbeats); defaults are Wolverine's.</summary>
    public ClusterSettings Cluster { get; init; } = new();

    /// <summary>Where tenants live: all in one database (default) or each in a database of its own.</summary>
    public TenancySettings Tenancy { get; init; } = new();

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

    /// <summary>Seconds a projection shard may run on a node without advancing while events wait for it before the
    /// node's watchdog restarts it (doubled after each restart that brings no progress, so a batch that is slow but
    /// working is not cut short again and again).</summary>
    public double StallSeconds { get; init; } = 30;
}

/// <summary>Section <c>Sakip:Tenancy</c>.</summary>
public sealed record TenancySettings
{
    public const string Shared = "shared";
    public const string DatabasePerTenant = "database";

    /// <summary><c>shared</c>: every tenant in the one database, partitioned by tenant id. <c>database</c>: a
    /// database per tenant, listed in a master table in the configured database, added at run time.</summary>
    public string Mode { get; init; } = Shared;

    /// <summary>In <c>database</c> mode, give an unknown tenant a database when a valid token for it first
    /// arrives (development and tests); otherwise tenants are added by <c>PUT /system/tenants/{id}</c>.</summary>
    public bool AutoProvision { get; init; }

    public bool PerTenant => string.Equals(Mode, DatabasePerTenant, StringComparison.OrdinalIgnoreCase);
}
