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
        _cluster = await EmbeddedPostgres.StartAsync(_root);
        ConnectionString = await DatabaseSetup.EnsureDatabaseAsync(_cluster.ConnectionString, "sakip_tests");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:Sakip", ConnectionString);
            web.UseSetting("Sakip:SigningKey", SigningKey);
            web.UseSetting("Sakip:DataDirectory", _root);
            web.UseSetting("Sakip:Integrity:CheckpointMinutes", "0.05");
            web.UseSetting("Sakip:Cluster:HeartbeatSeconds", "1");
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
        await using var session = Store.QuerySession(tenant);
        return await session.Events.QueryAllRawEvents().CountAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SakipCollection : ICollectionFixture<SakipApp>
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
