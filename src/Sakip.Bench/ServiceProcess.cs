using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sakip.Bench;

/// <summary>
/// The service as production runs it: its own process (Release build of src/Sakip.Api), Kestrel on a loopback port,
/// talking to the bench's private cluster. Its working set is the service's alone.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServiceProcess(Process process, StreamWriter log, Uri baseAddress)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public int Pid => _process.Id;

    public static async Task<ServiceProcess> StartAsync(BenchEnvironment env, string logFile)
    {
        var port = FreePort();
        var dll = LocateServiceAssembly();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = env.Root,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (var (key, value) in env.ServiceSettings())
            start.ArgumentList.Add($"--{key}={value}");
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in env.Options.ServiceEnvironment) start.Environment[name] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the service.");
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceProcess(process, log, new Uri($"http://127.0.0.1:{port}"));
        await service.WaitReadyAsync(TimeSpan.FromSeconds(120), logFile);
        Console.WriteLine($"service  pid {process.Id} on {service.BaseAddress}, ready; working set {service.Memory().Now / 1048576} MiB");
        return service;
    }

    private async Task WaitReadyAsync(TimeSpan timeout, string logFile)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The service exited with {_process.ExitCode}; see {logFile}.");
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The service was not ready within {timeout}; see {logFile}.");
    }

    /// <summary>Working set now and the process's peak (VmHWM), in bytes.</summary>
    public (long Now, long Peak) Memory()
    {
        _process.Refresh();
        return (_process.WorkingSet64, _process.PeakWorkingSet64);
    }

    /// <summary>Stops the service gracefully (SIGTERM), as a host would.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        await _log.DisposeAsync();
    }

    private static string LocateServiceAssembly()
    {
        // A project reference copies Sakip.Api.dll (with its runtimeconfig and deps) beside the bench.
        var beside = Path.Combine(AppContext.BaseDirectory, "Sakip.Api.dll");
        if (File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json"))) return beside;
        throw new FileNotFoundException("Sakip.Api.dll with its runtimeconfig.json was not found beside the bench.", beside);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
