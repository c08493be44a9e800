using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Sakip.Api.Infrastructure.Database;

/// <summary>
/// A private PostgreSQL cluster run from the machine's own binaries: created on first use in a data
/// directory, started on a free loopback port, stopped on dispose. As root it runs the server as the
/// <c>postgres</c> user, because initdb and postgres refuse to run as root.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string Superuser = "sakip";
    private readonly string _binDirectory;
    private readonly string _clusterDirectory;
    private readonly string? _runAs;
    private readonly bool _startedHere;
    private int _maxConnections = 200;
    private bool _durable = true;

    private EmbeddedPostgres(string binDirectory, string clusterDirectory, string? runAs, int port,
        string password, bool startedHere)
    {
        _binDirectory = binDirectory;
        _clusterDirectory = clusterDirectory;
        _runAs = runAs;
        _startedHere = startedHere;
        Port = port;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username={Superuser};Password={password};Database=postgres";
    }

    public int Port { get; }

    /// <summary>Connection string to the cluster's <c>postgres</c> database, as its superuser.</summary>
    public string ConnectionString { get; }

    private string DataDirectory => Path.Combine(_clusterDirectory, "data");

    /// <summary>
    /// Creates (when missing) and starts the cluster kept under <paramref name="rootDirectory"/>. A cluster
    /// that is already running there (another process of the service) is reused, not started twice.
    /// </summary>
    public static async Task<EmbeddedPostgres> StartAsync(string rootDirectory, string? binDirectory = null,
        CancellationToken ct = default, int maxConnections = 200, bool durable = true)
    {
        var bin = PostgresBinaries.Locate(binDirectory);
        var root = Path.GetFullPath(rootDirectory);
        var clusterDirectory = Path.Combine(root, "pg");
        Directory.CreateDirectory(clusterDirectory);
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        if (runAs is not null) await ChownAsync(clusterDirectory, runAs, ct);

        var password = await ReadOrCreatePasswordAsync(Path.Combine(root, "pg-password"));
        var probe = new EmbeddedPostgres(bin, clusterDirectory, runAs, 0, password, false);
        if (!File.Exists(Path.Combine(probe.DataDirectory, "PG_VERSION")))
            await probe.InitAsync(password, ct);

        var runningPort = probe.RunningPort();
        if (runningPort is { } existing)
            return new EmbeddedPostgres(bin, clusterDirectory, runAs, existing, password, false);

        // The same port as last time when it is free: connection strings stored elsewhere (the tenant databases of
        // database-per-tenant mode) stay valid across restarts.
        var portFile = Path.Combine(root, "pg-port");
        var port = File.Exists(portFile) && int.TryParse(await File.ReadAllTextAsync(portFile, ct), out var last) && IsFree(last)
            ? last
            : FreeLoopbackPort();
        await File.WriteAllTextAsync(portFile, port.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        var cluster = new EmbeddedPostgres(bin, clusterDirectory, runAs, port, password, true) { _maxConnections = maxConnections, _durable = durable };
        await cluster.StartServerAsync(ct);
        return cluster;
    }

    private async Task InitAsync(string password, CancellationToken ct)
    {
        var passwordFile = Path.Combine(_clusterDirectory, ".initdb-pw");
        await File.WriteAllTextAsync(passwordFile, password, ct);
        if (_runAs is not null) await ChownAsync(passwordFile, _runAs, ct);
        try
        {
            await RunAsync("initdb", ct, "-D", DataDirectory, "-U", Superuser, "--pwfile", passwordFile,
                "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8");
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private async Task StartServerAsync(CancellationToken ct)
    {
        // No unix socket: the path-length limit and directory permissions make TCP on loopback the safer default.
        var options = $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= " +
                      $"-c max_connections={_maxConnections} -c shared_buffers=128MB " +
                      // Not durable: for throwaway clusters (tests) only. Every idle tenant database's projection daemon
                      // commits a small write each poll; with fsync, a hundred test tenants queued on the disk.
                      (_durable ? "-c fsync=on" : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        await RunAsync("pg_ctl", ct, "start", "-D", DataDirectory, "-w", "-t", "60",
            "-l", Path.Combine(_clusterDirectory, "postgres.log"), "-o", options);
    }

    private int? RunningPort()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile)) return null;
        var lines = File.ReadAllLines(pidFile);
        if (lines.Length < 4 || !int.TryParse(lines[0], out var pid) || !int.TryParse(lines[3], out var port))
            return null;
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : port;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Stops the server (fast shutdown: open connections are cut) and starts it again on the same port.</summary>
    public async Task RestartAsync(TimeSpan down, CancellationToken ct = default)
    {
        await RunAsync("pg_ctl", ct, "stop", "-D", DataDirectory, "-m", "fast", "-w");
        await Task.Delay(down, ct);
        await StartServerAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_startedHere) return;
        await RunAsync("pg_ctl", CancellationToken.None, "stop", "-D", DataDirectory, "-m", "fast", "-w");
    }

    private async Task RunAsync(string tool, CancellationToken ct, params string[] arguments)
    {
        var executable = Path.Combine(_binDirectory, tool);
        var start = _runAs is null
            ? new ProcessStartInfo(executable)
            : new ProcessStartInfo("runuser") { ArgumentList = { "-u", _runAs, "--", executable } };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        // The server must not inherit the service's working directory when it is unreadable to postgres.
        start.WorkingDirectory = _clusterDirectory;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{tool} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: " +
                $"{await stderr}{await stdout}".Trim() + LogTail());
        }
    }

    private string LogTail()
    {
        var log = Path.Combine(_clusterDirectory, "postgres.log");
        if (!File.Exists(log)) return "";
        return "\nServer log (" + log + "):\n" + string.Join('\n', File.ReadLines(log).TakeLast(20));
    }

    private static async Task ChownAsync(string path, string user, CancellationToken ct)
    {
        using var process = Process.Start(new ProcessStartInfo("chown", ["-R", user, path]))
                            ?? throw new InvalidOperationException("Could not run chown.");
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"chown {user} {path} failed: the '{user}' user must exist.");
    }

    private static async Task<string> ReadOrCreatePasswordAsync(string path)
    {
        if (File.Exists(path)) return (await File.ReadAllTextAsync(path)).Trim();
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        await File.WriteAllTextAsync(path, password);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return password;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
