using System.Net;
using Sakip.Shared;

namespace Sakip.Bench;

/// <summary>
/// The service as production runs it: its own process (Release build of src/Sakip.Api), Kestrel on a loopback port,
/// talking to the bench's private cluster. Its working set is the service's alone.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly SakipProcess _process;

    private ServiceProcess(SakipProcess process) => _process = process;

    public Uri BaseAddress => new(_process.Url);
    public int Pid => _process.Pid;

    public static async Task<ServiceProcess> StartAsync(BenchEnvironment env, string logFile)
    {
        var dll = LocateServiceAssembly();
        var process = SakipProcess.Start(env.Root, logFile, (start, port) =>
        {
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(dll);
            foreach (var (key, value) in env.ServiceSettings())
                start.ArgumentList.Add($"--{key}={value}");
            start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["DOTNET_ENVIRONMENT"] = "Production";
            foreach (var (name, value) in env.Options.ServiceEnvironment) start.Environment[name] = value;
        });
        var service = new ServiceProcess(process);
        using var http = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await process.WaitUntil(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(100),
            () => new InvalidOperationException($"The service exited with {process.ExitCode}; see {logFile}."),
            () => new TimeoutException($"The service was not ready within {TimeSpan.FromSeconds(120)}; see {logFile}."));
        Console.WriteLine($"service  pid {process.Pid} on {service.BaseAddress}, ready; working set {service.Memory().Now / 1048576} MiB");
        return service;
    }

    /// <summary>Working set now and the process's peak (VmHWM), in bytes.</summary>
    public (long Now, long Peak) Memory() => _process.Memory();

    /// <summary>Stops the service gracefully (SIGTERM), as a host would.</summary>
    public async ValueTask DisposeAsync()
    {
        await _process.Stop(TimeSpan.FromSeconds(30));
        await _process.DisposeAsync();
    }

    private static string LocateServiceAssembly()
    {
        // A project reference copies Sakip.Api.dll (with its runtimeconfig and deps) beside the bench.
        var beside = SakipProcess.ServiceAssembly;
        if (File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json"))) return beside;
        throw new FileNotFoundException("Sakip.Api.dll with its runtimeconfig.json was not found beside the bench.", beside);
    }
}
