using System.Net.Http.Headers;
using System.Security.Cryptography;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Database;

namespace Sakip.Bench;

/// <summary>The private cluster under a temporary directory, the benchmark database, keys and clients.</summary>
public sealed class BenchEnvironment : IAsyncDisposable
{
    public const string SigningKey = "bench-signing-key-that-is-long-enough-for-hmac-sha256";
    public const string Tenant = "buleleng";
    private readonly EmbeddedPostgres _cluster;
    private bool _keep;
    private WebApplication? _offlineHost;

    private BenchEnvironment(string root, EmbeddedPostgres cluster, string connectionString, BenchOptions options)
    {
        Options = options;
        Root = root;
        _cluster = cluster;
        _keep = options.Keep;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
            { MaxPoolSize = 100, CommandTimeout = 600 }.ConnectionString);
    }

    public BenchOptions Options { get; }
    public string Root { get; }
    public string ConnectionString { get; }
    public NpgsqlDataSource DataSource { get; }
    public ServiceProcess? Service { get; private set; }

    // The chain's HMAC key must be the same in the service and in the bench's offline store (rebuilds).
    public string IntegrityKey { get; } = Convert.ToBase64String(SHA512.HashData("sakip-bench-integrity"u8.ToArray()));

    public static async Task<BenchEnvironment> StartAsync(BenchOptions options)
    {
        var root = Path.Combine(Path.GetTempPath(), "sakip-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var cluster = await EmbeddedPostgres.StartAsync(root);
        try
        {
            // pg_stat_statements tells which statements the database's time goes to (profiled, not guessed): it must be
            // preloaded, so the new cluster is configured and restarted once.
            await using (var admin = new NpgsqlConnection(cluster.ConnectionString))
            {
                await admin.OpenAsync();
                await using var alter = new NpgsqlCommand(
                    "alter system set shared_preload_libraries = 'pg_stat_statements'",
                    admin);
                await alter.ExecuteNonQueryAsync();
            }

            await cluster.DisposeAsync();
            NpgsqlConnection.ClearAllPools(); // the cluster comes back on the same port: the pooled connections are dead
            cluster = await EmbeddedPostgres.StartAsync(root);
            var connectionString = await DatabaseSetup.EnsureDatabaseAsync(cluster.ConnectionString, "sakip_bench");
            Console.WriteLine($"cluster  {root} (port {cluster.Port})");
            await using (var db = new NpgsqlConnection(connectionString))
            {
                await db.OpenAsync();
                foreach (var sql in new[] { "create extension if not exists pg_stat_statements",
                             "alter system set pg_stat_statements.track = 'all'", "select pg_reload_conf()" })
                {
                    await using var command = new NpgsqlCommand(sql, db);
                    await command.ExecuteNonQueryAsync();
                }
            }

            return new BenchEnvironment(root, cluster, connectionString, options);
        }
        catch
        {
            // A cluster started here must not outlive a failed start.
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Keeps the cluster directory (and the service log) after the run.</summary>
    public void Keep() => _keep = true;

    public IEnumerable<(string Key, string Value)> ServiceSettings()
    {
        yield return ("ConnectionStrings:Sakip", ConnectionString);
        yield return ("Sakip:SigningKey", SigningKey);
        yield return ("Sakip:DataDirectory", Root);
        yield return ("Sakip:SeedDemo", "false");
        yield return ("Sakip:IntegrityKey", IntegrityKey);
        yield return ("Sakip:Integrity:CheckpointMinutes", "1440");
        yield return ("Sakip:Import:MaxRows", "100000");
        foreach (var setting in Options.ServiceSettings) yield return setting;
    }

    public async Task<ServiceProcess> StartServiceAsync()
    {
        if (Service is not null) return Service;
        Service = await ServiceProcess.StartAsync(this, Path.Combine(Root, "service.log"));
        return Service;
    }

    public async Task StopServiceAsync()
    {
        if (Service is null) return;
        await Service.DisposeAsync();
        Service = null;
    }

    /// <summary>
    /// The service's own Marten configuration, built in this process but never started (no daemon, no HTTP): for the
    /// bulk backfill and for projection rebuilds while the service is stopped.
    /// </summary>
    public IDocumentStore OfflineStore()
    {
        if (_offlineHost is null)
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
            foreach (var (key, value) in ServiceSettings()) builder.Configuration[key] = value;
            builder.Logging.ClearProviders();
            builder.AddSakipEventStore(ConnectionString);
            _offlineHost = builder.Build();
        }

        return _offlineHost.Services.GetRequiredService<IDocumentStore>();
    }

    /// <summary>The keyring of the offline store: bulk-loaded events are authenticated like every other write.</summary>
    public Sakip.Api.Integrity.IntegrityKeys OfflineKeys()
    {
        OfflineStore();
        return _offlineHost!.Services.GetRequiredService<Sakip.Api.Integrity.IntegrityKeys>();
    }

    public string Token(string role, string userId, string name, string? opd = null, string tenant = Tenant) =>
        TokenIssuer.Issue(new SakipSettings { SigningKey = SigningKey }, new SakipUser(tenant, userId, name, role, opd),
            TimeSpan.FromHours(12), DateTimeOffset.UtcNow);

    public HttpClient Client(string token)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(30) };
        var client = new HttpClient(handler)
        {
            BaseAddress = Service?.BaseAddress ?? throw new InvalidOperationException("The service is not running."),
            Timeout = TimeSpan.FromMinutes(10),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await StopServiceAsync();
        if (_offlineHost is not null) await _offlineHost.DisposeAsync();
        await DataSource.DisposeAsync();
        await _cluster.DisposeAsync();
        if (_keep) return;
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
