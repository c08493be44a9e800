using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Database;
using Sakip.Shared;

namespace Sakip.Bench;

/// <summary>
/// Month-end peak across two service processes on loopback: every OPD reports its month at once. Bounded in time
/// (<c>--seconds</c>) and count (<c>--max-requests</c>); reports throughput, latency per operation, errors by status
/// and node, and how long the projections took to catch up after the peak.
/// </summary>
public static class PeakLoad
{
    private const string SigningKey = "bench-signing-key-that-is-long-enough-for-hmac-sha256";
    private const string Tenant = "kab-bench";

    public sealed record Options(int Nodes, int Clients, int Opds, int IndicatorsPerOpd, TimeSpan Duration, int MaxRequests);

    /// <summary><c>peak [--nodes 2] [--clients 32] [--opds 10] [--indicators 30] [--seconds 180] [--max-requests 200000] [--quick]</c></summary>
    public static Task<int> RunFromArgs(string[] args, TextWriter output)
    {
        int Arg(string name, int fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
        }

        var quick = args.Contains("--quick");
        return Run(new Options(Arg("nodes", 2), Arg("clients", 32), Arg("opds", quick ? 4 : 10), Arg("indicators", quick ? 15 : 30),
            TimeSpan.FromSeconds(Arg("seconds", quick ? 30 : 180)), Arg("max-requests", 200_000)), output);
    }

    public static async Task<int> Run(Options options, TextWriter output)
    {
        var root = Path.Combine(Path.GetTempPath(), "sakip-peak-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var postgres = await EmbeddedPostgres.StartAsync(root);
        var connectionString = await DatabaseSetup.EnsureDatabaseAsync(postgres.ConnectionString, "sakip_peak");
        var integrityKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
        var nodes = new List<Node>();
        try
        {
            for (var i = 0; i < options.Nodes; i++)
                nodes.Add(await Node.Start($"node-{i + 1}", connectionString, Path.Combine(root, $"node-{i + 1}"), integrityKey));
            output.WriteLine($"peak: {nodes.Count} nodes up ({string.Join(", ", nodes.Select(n => n.Url))})");

            var indicators = await Seed(nodes[0], options, output);
            output.WriteLine($"peak: read models caught up with the seed in {(await CatchUp(connectionString)).TotalMilliseconds:F0} ms");
            foreach (var node in nodes) await WarmUp(node, indicators[0]);
            var result = await Hold(nodes, indicators, options);
            var catchUp = await CatchUp(connectionString);
            using (var check = Client(nodes[0]))
            {
                foreach (var opd in indicators.Select(i => i.Opd).Distinct())
                {
                    using var read = await check.GetAsync($"/api/{Tenant}/opds/{opd}/years/2025/capaian?month=12");
                    var eventsSql = $"select count(*) from {EventStore.Schema}.mt_events where data->>'opd' = '{opd}'";
                    await using var data = Npgsql.NpgsqlDataSource.Create(connectionString);
                    await using var cmd = data.CreateCommand(eventsSql);
                    await using var doc = data.CreateCommand($"select count(*) from {EventStore.Schema}.mt_doc_opdyear where id like '%{opd}%'");
                    await using var dl = data.CreateCommand($"select count(*) from {EventStore.Schema}.mt_doc_deadletterevent");
                    output.WriteLine($"peak: check {opd}: capaian {(int)read.StatusCode}, events {await cmd.ExecuteScalarAsync()}, docs {await doc.ExecuteScalarAsync()}, deadletters {await dl.ExecuteScalarAsync()}");
                }
            }
            Report(result, catchUp, options, output);
            return result.Errors.Values.Sum() == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
            await postgres.DisposeAsync();
            try
            {
                Directory.Delete(root, true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static HttpClient Client(Node node, string role = Roles.Admin, string user = "bench-admin")
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 })
        {
            BaseAddress = new Uri(node.Url), Timeout = TimeSpan.FromSeconds(30),
        };
        var token = TokenIssuer.Issue(new SakipSettings { SigningKey = SigningKey },
            new SakipUser(Tenant, user, "Bench " + user, role, null), TimeSpan.FromHours(4), DateTimeOffset.UtcNow);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>OPDs with a signed plan each: monthly cumulative indicators, like the seed's Eselon III rows.</summary>
    private static async Task<List<(string Opd, string Id)>> Seed(Node node, Options options, TextWriter output)
    {
        using var admin = Client(node);
        var clock = Stopwatch.StartNew();
        var all = new List<(string, string)>();
        for (var o = 0; o < options.Opds; o++)
        {
            var opd = $"opd{o + 1:00}";
            Check(await admin.PostAsync($"/api/{Tenant}/opds", Json(new { code = opd, name = $"Dinas Bench {o + 1}", urusanCodes = new[] { "2.17" } })));
            var csv = new StringBuilder(
                "opd,year,level,node_code,parent_code,node_name,indicator_code,indicator,unit,polarity,aggregation,schedule,annual_target," +
                "p1,p2,p3,p4,p5,p6,p7,p8,p9,p10,p11,p12,budget,b1,b2,b3,b4,b5,b6,b7,b8,b9,b10,b11,b12,responsible,responsible_name,formula,data_source\n");
            csv.Append(CultureInfo.InvariantCulture, $"{opd},2025,sasaran,SS1,,Meningkatnya kinerja {opd},,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,KEPALA DINAS,,,\n");
            for (var i = 0; i < options.IndicatorsPerOpd; i++)
            {
                var annual = 12 * (i % 9 + 1);
                var targets = string.Join(",", Enumerable.Range(1, 12).Select(m => (annual * m / 12).ToString(CultureInfo.InvariantCulture)));
                var pagu = 120_000_000 + 1_000_000 * i;
                var plan = string.Join(",", Enumerable.Range(1, 12).Select(m => (pagu / 12 * m + (m == 12 ? pagu % 12 : 0)).ToString(CultureInfo.InvariantCulture)));
                csv.Append(CultureInfo.InvariantCulture,
                    $"{opd},2025,kegiatan,2.17.02.2.{i + 1:00},SS1,Kegiatan {i + 1},IKK-{i + 1},Jumlah UMKM dibina {i + 1},UMKM,positive,cumulative,monthly,{annual},{targets},{pagu},{plan},KEPALA BIDANG,,,\n");
            }

            Check(await admin.PostAsync($"/api/{Tenant}/imports/rencana-aksi?numberFormat=en",
                new StringContent(csv.ToString(), Encoding.UTF8, "text/csv")));
            var planDoc = JsonNode.Parse(await admin.GetStringAsync($"/api/{Tenant}/opds/{opd}/years/2025/plan"))!;
            Check(await admin.PostAsync($"/api/{Tenant}/opds/{opd}/years/2025/plan/agreement", Json(new
            {
                expectedVersion = planDoc["version"]!.GetValue<int>(), documentNumber = $"800/{o + 1}/PK/2025",
                signedOn = "2025-01-31", signedBy = new { position = "Bupati", name = "Bupati Bench" },
            })));
            var list = JsonNode.Parse(await admin.GetStringAsync($"/api/{Tenant}/opds/{opd}/years/2025/indicators"))!.AsArray();
            all.AddRange(list.Select(i => (opd, i!["id"]!.GetValue<string>())));
        }

        output.WriteLine($"peak: seeded {options.Opds} OPDs x {options.IndicatorsPerOpd} indicators in {clock.Elapsed.TotalSeconds:F1} s");
        return all;
    }

    /// <summary>
    /// Wolverine builds each endpoint's code on its first request; a node that has not served one yet would spend
    /// the first seconds of the peak compiling. Touch every endpoint the peak uses, on every node, changing nothing
    /// (the write carries a stale version and is refused).
    /// </summary>
    private static async Task WarmUp(Node node, (string Opd, string Id) indicator)
    {
        using var client = Client(node);
        (await client.GetAsync($"/api/{Tenant}/indicators/{indicator.Id}")).Dispose();
        (await client.GetAsync($"/api/{Tenant}/opds/{indicator.Opd}/years/2025/capaian?month=12")).Dispose();
        (await client.PutAsync($"/api/{Tenant}/indicators/{indicator.Id}/realizations/1",
            Json(new { expectedVersion = 0, value = 1, evidence = "pemanasan" }))).Dispose();
    }

    private sealed record Sample(string Operation, string Node, double Milliseconds, int Status);

    private sealed record Outcome(List<Sample> Samples, Dictionary<string, int> Errors, TimeSpan Elapsed);

    /// <summary>
    /// Each client owns a slice of the indicators and reports month after month for them (with an Idempotency-Key,
    /// resent on a failure), and every fifth call reads its OPD's capaian, as an operator checking the result would.
    /// </summary>
    private static async Task<Outcome> Hold(List<Node> nodes, List<(string Opd, string Id)> indicators, Options options)
    {
        var samples = new List<Sample>();
        var errors = new Dictionary<string, int>();
        var count = 0;
        var shown = 0;
        var clock = Stopwatch.StartNew();
        var stop = DateTime.UtcNow + options.Duration;
        var tasks = Enumerable.Range(0, options.Clients).Select(c => Task.Run(async () =>
        {
            var node = nodes[c % nodes.Count];
            using var client = Client(node, Roles.Admin, $"op-{c}");
            var mine = indicators.Where((_, i) => i % options.Clients == c).ToList();
            var versions = new Dictionary<string, int>();
            var month = new Dictionary<string, int>();
            var local = new List<Sample>();
            var random = new Random(c);
            var turn = 0;
            while (DateTime.UtcNow < stop && Interlocked.Increment(ref count) <= options.MaxRequests && mine.Count > 0)
            {
                var (opd, id) = mine[turn++ % mine.Count];
                var watch = Stopwatch.StartNew();
                int status;
                string operation;
                try
                {
                    if (turn % 5 == 0)
                    {
                        operation = "read capaian";
                        using var response = await client.GetAsync($"/api/{Tenant}/opds/{opd}/years/2025/capaian?month=12");
                        status = (int)response.StatusCode;
                        if (status != 200 && Interlocked.Increment(ref shown) == 1)
                            Console.Error.WriteLine($"peak: first failed read: {status} {await response.Content.ReadAsStringAsync()}");
                    }
                    else
                    {
                        operation = "submit realization";
                        if (!versions.TryGetValue(id, out var version))
                        {
                            version = JsonNode.Parse(await client.GetStringAsync($"/api/{Tenant}/indicators/{id}"))!["version"]!.GetValue<int>();
                            watch.Restart();
                        }

                        var reported = month.GetValueOrDefault(id);
                        var period = reported % 12 + 1;
                        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/{Tenant}/indicators/{id}/realizations/{period}")
                        {
                            Content = Json(new
                            {
                                expectedVersion = version, value = period * (1 + random.Next(0, 12)), budgetRealizedToDate = 9_000_000m * period,
                                evidence = $"Laporan bulan {period}", correctionReason = reported >= 12 ? "Perbaikan angka" : null,
                            }),
                        };
                        request.Headers.Add("Idempotency-Key", $"{id}-{version}");
                        using var response = await client.SendAsync(request);
                        status = (int)response.StatusCode;
                        if (status == 200)
                        {
                            versions[id] = version + 1;
                            month[id] = reported + 1;
                        }
                        else if (status == 409) versions.Remove(id);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    operation = "transport";
                    status = 0;
                }

                local.Add(new Sample(operation, node.Name, watch.Elapsed.TotalMilliseconds, status));
            }

            lock (samples) samples.AddRange(local);
        })).ToArray();
        await Task.WhenAll(tasks);
        foreach (var s in samples.Where(s => s.Status is not 200))
            errors[$"{s.Operation} {s.Status}"] = errors.GetValueOrDefault($"{s.Operation} {s.Status}") + 1;
        return new Outcome(samples, errors, clock.Elapsed);
    }

    /// <summary>Seconds from the end of the peak until every async projection has every event.</summary>
    private static async Task<TimeSpan> CatchUp(string connectionString)
    {
        var clock = Stopwatch.StartNew();
        await using var data = Npgsql.NpgsqlDataSource.Create(connectionString);
        while (clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            await using var command = data.CreateCommand(
                $"select bool_and(p.last_seq_id >= (select coalesce(max(seq_id),0) from {EventStore.Schema}.mt_events)) " +
                $"from {EventStore.Schema}.mt_event_progression p where p.name like '%:%'");
            if (await command.ExecuteScalarAsync() is true) return clock.Elapsed;
            await Task.Delay(100);
        }

        return clock.Elapsed;
    }

    private static void Report(Outcome outcome, TimeSpan catchUp, Options options, TextWriter output)
    {
        var ok = outcome.Samples.Where(s => s.Status == 200).ToList();
        output.WriteLine($"peak: {options.Clients} clients on {options.Nodes} nodes for {outcome.Elapsed.TotalSeconds:F0} s: " +
                         $"{outcome.Samples.Count} requests, {outcome.Samples.Count / outcome.Elapsed.TotalSeconds:F1} req/s, " +
                         $"{outcome.Samples.Count - ok.Count} not 200");
        foreach (var group in ok.GroupBy(s => s.Operation).OrderBy(g => g.Key))
        {
            var ms = group.Select(s => s.Milliseconds).Order().ToArray();
            output.WriteLine($"peak: {group.Key,-20} {group.Count(),7} ok  {group.Count() / outcome.Elapsed.TotalSeconds,7:F1}/s  " +
                             $"p50 {Percentile(ms, 0.50),7:F1} ms  p95 {Percentile(ms, 0.95),7:F1} ms  p99 {Percentile(ms, 0.99),7:F1} ms");
        }

        foreach (var node in outcome.Samples.GroupBy(s => s.Node).OrderBy(g => g.Key))
        {
            var ms = node.Select(s => s.Milliseconds).Order().ToArray();
            output.WriteLine($"peak: {node.Key}: {node.Count()} requests, {node.Count(s => s.Status != 200)} not 200, " +
                             $"p50 {Percentile(ms, 0.5):F1} ms, max {ms.LastOrDefault():F0} ms");
        }
        foreach (var (kind, n) in outcome.Errors.OrderByDescending(e => e.Value))
            output.WriteLine($"peak: error {kind}: {n}");
        output.WriteLine($"peak: projections caught up {catchUp.TotalMilliseconds:F0} ms after the last request");
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static void Check(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} → " +
                                                $"{(int)response.StatusCode}: {response.Content.ReadAsStringAsync().Result}");
    }

    /// <summary>A service process (<c>dotnet Sakip.Api.dll</c>) on a free loopback port.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly SakipProcess _process;

        private Node(string name, SakipProcess process)
        {
            Name = name;
            _process = process;
        }

        public string Name { get; }

        public string Url => _process.Url;

        public static async Task<Node> Start(string name, string connectionString, string directory, string integrityKey)
        {
            Directory.CreateDirectory(directory);
            var process = SakipProcess.Start(directory, Path.Combine(directory, "service.log"), (start, port) =>
            {
                start.ArgumentList.Add(SakipProcess.ServiceAssembly);
                start.Environment["ConnectionStrings__Sakip"] = connectionString;
                start.Environment["Sakip__SigningKey"] = SigningKey;
                start.Environment["Sakip__IntegrityKey"] = integrityKey;
                start.Environment["Sakip__DataDirectory"] = directory;
                start.Environment["Sakip__SeedDemo"] = "false";
                start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
                start.Environment["Logging__LogLevel__Default"] = "Warning";
            });
            var node = new Node(name, process);
            using var probe = new HttpClient { BaseAddress = new Uri(node.Url), Timeout = TimeSpan.FromSeconds(5) };
            await process.WaitUntil(async () => (await probe.GetAsync("/health/live")).IsSuccessStatusCode,
                TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(300),
                () => new InvalidOperationException($"{name} exited with {process.ExitCode}"), () => new TimeoutException($"{name} did not start"));
            return node;
        }

        public ValueTask DisposeAsync() => _process.DisposeAsync();
    }
}
