using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Sakip.Api.Demo;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Database;
using Sakip.Shared;

namespace Sakip.Api.Tests.Cluster;

/// <summary>
/// Real service processes (<c>dotnet Sakip.Api.dll</c>) on loopback against one private PostgreSQL cluster of their
/// own, so nodes can be killed with SIGKILL and the database restarted under them. Heartbeats are fast (1 s, dead
/// after 5 s, a stalled projection restarted after 10 s) so failover happens within a test.
/// </summary>
public sealed class ServiceCluster : IAsyncLifetime
{
    public const string SigningKey = SakipApp.SigningKey;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sakip-nodes-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _integrityKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
    private readonly List<ServiceNode> _nodes = [];

    public EmbeddedPostgres Postgres { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        Postgres = await EmbeddedPostgres.StartAsync(_root);
        ConnectionString = await DatabaseSetup.EnsureDatabaseAsync(Postgres.ConnectionString, "sakip_nodes");
    }

    public string IntegrityKey => _integrityKey;

    /// <param name="environment">Settings to add or (null) to take away, e.g. another integrity keyring.</param>
    public async Task<ServiceNode> StartNode(string name, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var node = await ServiceNode.StartAsync(name, ConnectionString, Path.Combine(_root, name), _integrityKey, environment);
        _nodes.Add(node);
        return node;
    }

    public static HttpClient Client(ServiceNode node, string tenant, string role = Roles.Admin, string userId = "adm-01")
    {
        var client = new HttpClient { BaseAddress = new Uri(node.Url), Timeout = TimeSpan.FromSeconds(60) };
        var token = TokenIssuer.Issue(new SakipSettings { SigningKey = SigningKey },
            new SakipUser(tenant, userId, "Kadek Bappeda", role, null), TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The cluster as a node's <c>/health/ready</c> reports it: projection name → node numbers running it.</summary>
    public static async Task<(JsonNode Detail, Dictionary<string, int[]> Projections)> Agents(ServiceNode node)
    {
        using var client = Client(node, "ops", Roles.System, "ops-01");
        client.Timeout = TimeSpan.FromSeconds(10);
        var health = JsonNode.Parse(await client.GetStringAsync("/health/ready"))!;
        var detail = health["checks"]!["projection-daemon"]!["detail"]!;
        var projections = detail["projections"]!.AsObject().ToDictionary(p => p.Key,
            p => p.Value is JsonArray on ? on.Select(n => n!.GetValue<int>()).ToArray() : []);
        return (detail, projections);
    }

    /// <summary>Waits until every async projection runs on exactly one of <paramref name="live"/> nodes.</summary>
    public static async Task<Dictionary<string, int[]>> WaitForAssignment(ServiceNode observer, IReadOnlyCollection<int> live,
        TimeSpan timeout, int minimumNodesUsed = 1)
    {
        var deadline = DateTime.UtcNow + timeout;
        Dictionary<string, int[]> last = [];
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                (_, last) = await Agents(observer);
                if (last.Count > 0 && last.Values.All(on => on.Length == 1 && live.Contains(on[0]))
                    && last.Values.Select(on => on[0]).Distinct().Count() >= minimumNodesUsed)
                    return last;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("Projections were not assigned to live nodes " + string.Join(",", live) + ": " +
                                   string.Join("; ", last.Select(p => $"{p.Key}=[{string.Join(",", p.Value)}]")));
    }

    /// <summary>Waits until every async projection has processed every event in the store.</summary>
    public async Task WaitForProjections(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        await using var data = NpgsqlDataSource.Create(ConnectionString);
        string state = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await using var command = data.CreateCommand(
                    $"select (select coalesce(max(seq_id), 0) from {EventStore.Schema}.mt_events), " +
                    $"name, last_seq_id from {EventStore.Schema}.mt_event_progression where name like '%:%'");
                await using var reader = await command.ExecuteReaderAsync();
                var rows = new List<(long Head, string Name, long Seq)>();
                while (await reader.ReadAsync()) rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2)));
                state = string.Join(", ", rows.Select(r => $"{r.Name}={r.Seq}/{r.Head}"));
                if (rows.Count >= 3 && rows.All(r => r.Seq >= r.Head)) return;
            }
            catch (NpgsqlException)
            {
            }

            await Task.Delay(250);
        }

        // What each node did with its projection agents comes first: the full tails are long.
        throw new TimeoutException("Projections did not catch up: " + state + "\n" +
                                   string.Join("\n", _nodes.Select(n => $"--- agents on node {n.Name} ---\n{n.AgentLog()}")) + "\n" +
                                   string.Join("\n", _nodes.Select(n => $"--- node {n.Name} ---\n{n.Log()}")));
    }

    public async Task<long> Scalar(string sql, params object[] parameters)
    {
        await using var data = NpgsqlDataSource.Create(ConnectionString);
        await using var command = data.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        await Postgres.DisposeAsync();
        // SAKIP_KEEP_NODE_LOGS=<directory>: keep every node's log of the run, for diagnosis.
        if (Environment.GetEnvironmentVariable("SAKIP_KEEP_NODE_LOGS") is { Length: > 0 } keep)
        {
            Directory.CreateDirectory(keep);
            foreach (var node in _nodes)
            {
                var log = Path.Combine(_root, node.Name, "service.log");
                if (File.Exists(log)) File.Copy(log, Path.Combine(keep, $"{Path.GetFileName(_root)}-{node.Name}.log"), overwrite: true);
            }
        }

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

    public static string Sample(string file) => File.ReadAllText(Path.Combine(DemoData.SamplesDirectory, file));
}

/// <summary>One service process on a free loopback port; its output goes to a log file for the failure message.</summary>
public sealed class ServiceNode : IAsyncDisposable
{
    private readonly SakipProcess _process;
    private readonly string _log;

    private ServiceNode(string name, SakipProcess process, string log)
    {
        Name = name;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    public string Url => _process.Url;

    public int Number { get; private set; }

    public bool Running => _process.Running;

    public static async Task<ServiceNode> StartAsync(string name, string connectionString, string dataDirectory,
        string integrityKey, IReadOnlyDictionary<string, string?>? environment = null)
    {
        Directory.CreateDirectory(dataDirectory);
        var log = Path.Combine(dataDirectory, "service.log");
        var process = SakipProcess.Start(dataDirectory, log, (start, port) =>
        {
            start.ArgumentList.Add(SakipProcess.ServiceAssembly);
            foreach (var (setting, value) in new Dictionary<string, string>
                     {
                         ["ConnectionStrings__Sakip"] = connectionString,
                         ["Sakip__SigningKey"] = ServiceCluster.SigningKey,
                         ["Sakip__IntegrityKey"] = integrityKey,
                         ["Sakip__DataDirectory"] = dataDirectory,
                         ["Sakip__SeedDemo"] = "false",
                         ["Sakip__Cluster__HeartbeatSeconds"] = "1",
                         ["Sakip__Cluster__StaleNodeSeconds"] = "5",
                         // A projection stalled after a database restart is restarted well within a test's wait.
                         ["Sakip__Cluster__StallSeconds"] = "10",
                         ["Sakip__Integrity__CheckpointMinutes"] = "0",
                         ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                         ["Logging__LogLevel__Default"] = "Warning",
                         ["Logging__LogLevel__Wolverine.Runtime.Agents"] = "Information",
                         ["Logging__LogLevel__Sakip"] = "Information",
                         ["DOTNET_gcServer"] = "0",
                     })
                start.Environment[setting] = value;
            foreach (var (setting, value) in environment ?? new Dictionary<string, string?>())
            {
                if (value is null) start.Environment.Remove(setting);
                else start.Environment[setting] = value;
            }
        });

        var node = new ServiceNode(name, process, log);
        await node.WaitUntilReady(TimeSpan.FromSeconds(90));
        return node;
    }

    private async Task WaitUntilReady(TimeSpan timeout)
    {
        using var client = ServiceCluster.Client(this, "ops", Roles.System, "ops-01");
        client.Timeout = TimeSpan.FromSeconds(5);
        await _process.WaitUntil(async () =>
            {
                var health = JsonNode.Parse(await client.GetStringAsync("/health/ready"))!;
                if (health["checks"]?["projection-daemon"]?["detail"]?["thisNode"]?["number"]?.GetValue<int>() is not (> 0 and var n))
                    return false;
                Number = n;
                return true;
            }, timeout, TimeSpan.FromMilliseconds(300),
            () => new InvalidOperationException($"Node {Name} exited: {Log()}"),
            () => new TimeoutException($"Node {Name} did not become ready: {Log()}"));
    }

    /// <summary>SIGKILL: no shutdown hooks, no goodbye to the cluster; the others must notice by themselves.</summary>
    public void Kill() => _process.Kill();

    public string Log()
    {
        try
        {
            var lines = File.ReadAllLines(_log);
            return string.Join('\n', lines.Where(l => !l.TrimStart().StartsWith("at ") && !l.StartsWith("          ")).TakeLast(150));
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>The log lines about projection agents and shards (started, stopped, paused, failed, restarted).</summary>
    public string AgentLog()
    {
        try
        {
            var lines = File.ReadAllLines(_log);
            return string.Join('\n', lines.Where(l => l.StartsWith("      ")
                    && !l.StartsWith("          ") && !l.TrimStart().StartsWith("at ")
                    && (l.Contains("agent") || l.Contains("shard") || l.Contains("Shard") || l.Contains("stalled")))
                .Select(l => l.Trim().Length > 240 ? l.Trim()[..240] : l.Trim()).TakeLast(30));
        }
        catch (IOException)
        {
            return "";
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}

/// <summary>The calls the cluster tests make, against any node.</summary>
public static class AgencyYear
{
    public const string Opd = "disdagperinkop";

    public static async Task Register(HttpClient admin, string tenant)
    {
        var response = await admin.PostJson($"/api/{tenant}/opds",
            new { code = Opd, name = "Dinas Perdagangan, Perindustrian dan Koperasi UKM", urusanCodes = new[] { "2.17", "3.30", "3.31" } });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public static HttpRequestMessage Import(string tenant, string kind, string csv, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/{tenant}/imports/{kind}")
        {
            Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
        };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    public static async Task Sign(HttpClient admin, string tenant, int year = 2022)
    {
        var plan = await (await admin.GetAsync($"/api/{tenant}/opds/{Opd}/years/{year}/plan")).Json(HttpStatusCode.OK);
        (await admin.PostJson($"/api/{tenant}/opds/{Opd}/years/{year}/plan/agreement", new
        {
            expectedVersion = plan["version"]!.GetValue<int>(), documentNumber = $"800/123/PK/Disdagperinkop/{year}",
            signedOn = $"{year}-02-01", signedBy = new { position = "Bupati Buleleng", name = "Putu Agus Suradnyana" },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>
    /// The checks after a fault: the projected reports equal a from-scratch fold of the events (the asOf replay),
    /// the audit trail has one entry per event, and the integrity chain verifies over every event.
    /// </summary>
    public static async Task ShouldEqualARebuild(ServiceCluster cluster, HttpClient admin, string tenant, int year = 2022)
    {
        await cluster.WaitForProjections(TimeSpan.FromSeconds(90));
        var now = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(1).ToString("O"));
        foreach (var report in new[] { "capaian?month=12", "rencana-aksi?x=1", "laporan-capaian?month=12" })
        {
            var projected = await (await admin.GetAsync($"/api/{tenant}/opds/{Opd}/years/{year}/{report}&consistent=true"))
                .Content.ReadAsStringAsync();
            var replayed = await (await admin.GetAsync($"/api/{tenant}/opds/{Opd}/years/{year}/{report}&asOf={now}"))
                .Content.ReadAsStringAsync();
            projected.ShouldBe(replayed, $"{report}: the projection differs from a replay of the events");
        }

        var events = await cluster.Scalar($"select count(*) from {EventStore.Schema}.mt_events where tenant_id = $1", tenant);
        var audited = await cluster.Scalar($"select count(*) from {EventStore.Schema}.mt_doc_auditentry where tenant_id = $1", tenant);
        audited.ShouldBe(events, "one audit entry per event");
        var integrity = await (await admin.GetAsync($"/api/{tenant}/integrity")).Json(HttpStatusCode.OK);
        integrity["status"]!.GetValue<string>().ShouldBe("valid", integrity.ToJsonString());
        integrity["checked"]!.GetValue<long>().ShouldBe(events, integrity.ToJsonString());
    }
}
