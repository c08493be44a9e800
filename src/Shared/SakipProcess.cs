using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sakip.Shared;

/// <summary>
/// The service in its own process (<c>dotnet Sakip.Api.dll</c>, copied beside the caller by its project reference) on a
/// free loopback port, its output appended to a log file: the one starter of the bench and the cluster tests, compiled
/// into both (linked source, so neither needs a project of its own).
/// </summary>
public sealed class SakipProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private bool _disposed;

    private SakipProcess(Process process, StreamWriter log, int port)
    {
        _process = process;
        _log = log;
        Port = port;
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";
    public int Pid => _process.Id;
    public bool Running => !_process.HasExited;
    public int ExitCode => _process.ExitCode;

    public static string ServiceAssembly => Path.Combine(AppContext.BaseDirectory, "Sakip.Api.dll");

    /// <summary>Starts what <paramref name="configure"/> sets up for the port chosen (arguments, environment).</summary>
    public static SakipProcess Start(string workingDirectory, string logFile, Action<ProcessStartInfo, int> configure)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory,
        };
        configure(start, port);
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SakipProcess(process, log, port);
    }

    /// <summary>
    /// Polls <paramref name="ready"/> until it answers true; a probe the service cannot answer yet (refused, timed out,
    /// half-written) counts as not ready. Throws what <paramref name="exited"/> says once the process has ended.
    /// </summary>
    public async Task WaitUntil(Func<Task<bool>> ready, TimeSpan timeout, TimeSpan interval, Func<Exception> exited,
        Func<Exception> late)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw exited();
            try
            {
                if (await ready()) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
            }

            await Task.Delay(interval);
        }

        throw late();
    }

    /// <summary>Working set now and the process's peak (VmHWM), in bytes.</summary>
    public (long Now, long Peak) Memory()
    {
        _process.Refresh();
        return (_process.WorkingSet64, _process.PeakWorkingSet64);
    }

    /// <summary>SIGKILL of the whole tree: no shutdown hooks run.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>Stops the service gracefully (SIGTERM), as a host would; killed if it is not gone within the grace.</summary>
    public async Task Stop(TimeSpan grace)
    {
        if (_process.HasExited) return;
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            await term.WaitForExitAsync();
        using var cts = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    /// <summary>Stops it within 15 s (<see cref="Stop"/>) unless stopped already.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await Stop(TimeSpan.FromSeconds(15));
        _process.Dispose();
        await _log.DisposeAsync();
    }
}
