using System.Diagnostics;
using System.Net.Http.Headers;
using Marten;
using JasperFx.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Database;

namespace Sakip.Api.Tests;

/// <summary>
/// One private PostgreSQL cluster (temporary directory, free port) and one service host for the whole test
/// run. Tests stay independent by each working in a tenant of its own: everything in the service is
/// tenant-scoped, so no test sees another's data and none needs a reset.
/// </summary>
public sealed class SakipApp : IAsyncLifetime
{
    public const string SigningKey = "test-signing-key-that-is-long-enough-for-hmac-sha256";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sakip-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private EmbeddedPostgres? _cluster;
    private WebApplicationFactory<Program>? _factory;

    public SpanLog Spans { get; } = new();

    public string ConnectionString { get; private set; } = "";

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Not started.");

    public IDocumentStore Store => Factory.Services.GetRequiredService<IDocumentStore>();

    public SakipSettings Settings => new() { SigningKey = SigningKey, DataDirectory = _root };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
#if TENANT_DATABASES
        // A database per test tenant: each holds a few connections (pool, projection agents) on this one server.
        _cluster = await EmbeddedPostgres.StartAsync(_root, maxConnections: 1500, durable: false);
#else
        _cluster = await EmbeddedPostgres.StartAsync(_root, durable: false);
#endif
        ConnectionString = await DatabaseSetup.EnsureDatabaseAsync(_cluster.ConnectionString, "sakip_tests");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:Sakip", ConnectionString);
            web.UseSetting("Sakip:SigningKey", SigningKey);
            web.UseSetting("Sakip:DataDirectory", _root);
            web.UseSetting("Sakip:Integrity:CheckpointMinutes", "0.05");
            web.UseSetting("Sakip:Cluster:HeartbeatSeconds", "1");
            // `dotnet test` prints a line per test; the service's own information would drown them.
            web.UseSetting("Logging:LogLevel:Default", "Warning");
#if TENANT_DATABASES
            // The same tests, with every tenant in a database of its own, added as its first request arrives.
            web.UseSetting("Sakip:Tenancy:Mode", "database");
            web.UseSetting("Sakip:Tenancy:AutoProvision", "true");
#endif
            // The spans go to an exporter added in code (no OTLP endpoint), so traces are asked for by setting.
            web.UseSetting("Sakip:Telemetry:Traces", "true");
            web.ConfigureServices(services =>
                services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans)));
        });
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        if (_cluster is not null) await _cluster.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The database a tenant's rows are in: the one database, or its tenant database.</summary>
    public async Task<string> ConnectionStringFor(string tenant)
    {
#if TENANT_DATABASES
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "select connection_string from sakip_tenants.mt_tenant_databases where tenant_id = $1", connection)
        {
            Parameters = { new() { Value = tenant } },
        };
        return (string?)await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No database for {tenant}");
#else
        await Task.CompletedTask;
        return ConnectionString;
#endif
    }

    public static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..12];

    public string Token(string tenant, string role, string userId = "u-1", string name = "Made Wirawan",
        string? opd = null) =>
        TokenIssuer.Issue(Settings, new SakipUser(tenant, userId, name, role, opd), TimeSpan.FromHours(1),
            DateTimeOffset.UtcNow);

    public HttpClient Client(string? token = null)
    {
        var client = Factory.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient ClientFor(string tenant, string role, string userId = "u-1", string name = "Made Wirawan",
        string? opd = null) => Client(Token(tenant, role, userId, name, opd));

    public async Task<IReadOnlyList<IEvent>> EventsOf(string tenant, string streamKey)
    {
        await using var session = Store.LightweightSession(tenant);
        return await session.Events.FetchStreamAsync(streamKey);
    }

    public async Task<long> EventCount(string tenant)
    {
        try
        {
            await using var session = Store.QuerySession(tenant);
            // Marten fills the sequence numbers of a rolled-back append (e.g. the loser of two concurrent attempts)
            // with a tombstone event; it is nobody's event.
            return await session.Events.QueryAllRawEvents().Where(e => e.EventTypeName != "tombstone").CountAsync();
        }
        catch (JasperFx.MultiTenancy.UnknownTenantIdException)
        {
            return 0; // database-per-tenant mode: a tenant nothing was ever stored for has no database
        }
    }

    /// <summary>Until every async projection of every database has applied every event there.</summary>
    public Task WaitForProjections(TimeSpan timeout) => WaitForProjections(Factory.Services, timeout);

    /// <summary>The same, for the service host whose services these are.</summary>
    public static async Task WaitForProjections(IServiceProvider services, TimeSpan timeout)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var shards = store.Options.Events.Projections().Count(p => p.Lifecycle == JasperFx.Events.Projections.ProjectionLifecycle.Async);
        var deadline = DateTime.UtcNow + timeout;
        foreach (var data in await services.GetRequiredService<Sakip.Api.Tenants.TenantDatabases>().All(default))
        {
            while (true)
            {
                await using var command = data.CreateCommand(
                    "select case when to_regclass('sakip.mt_events') is null then true else " +
                    "(select coalesce(max(seq_id), 0) from sakip.mt_events) = 0 or " +
                    "((select count(*) from sakip.mt_event_progression where name like '%:%') >= $1 and " +
                    "(select min(last_seq_id) from sakip.mt_event_progression where name like '%:%') >= " +
                    "(select max(seq_id) from sakip.mt_events)) end");
                command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = shards });
                if (await command.ExecuteScalarAsync() is true) break;
                if (DateTime.UtcNow > deadline)
                {
                    await using var state = data.CreateCommand(
                        "select string_agg(name || '=' || last_seq_id, ', ') || ' head=' || (select max(seq_id) from sakip.mt_events) " +
                        "from sakip.mt_event_progression");
                    throw new TimeoutException($"The async projections did not catch up in {data.ConnectionString?.Split(';').FirstOrDefault(p => p.StartsWith("Database"))}: {await state.ExecuteScalarAsync()}");
                }
                await Task.Delay(100);
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SakipCollection : ICollectionFixture<SakipApp>
#if !TENANT_DATABASES
    // The console's browser tests share one real (Kestrel) service host and one browser, started at first use.
    , ICollectionFixture<Browser.ConsoleHost>
#endif
{
    public const string Name = "sakip";
}

/// <summary>Spans exported by the in-memory exporter; written from the exporter's thread, read by tests.</summary>
public sealed class SpanLog : System.Collections.ObjectModel.Collection<Activity>
{
    private readonly Lock _gate = new();

    protected override void InsertItem(int index, Activity item)
    {
        lock (_gate) base.InsertItem(index, item);
    }

    public IReadOnlyList<Activity> ForTrace(ActivityTraceId traceId)
    {
        lock (_gate) return this.Where(a => a.TraceId == traceId).ToList();
    }
}
