using System.Diagnostics;

namespace Sakip.Api.Tests.Infrastructure;

/// <summary>
/// Outside Development nothing that protects the record is generated: the process refuses to start, naming each
/// missing setting, before it touches a database or writes a key.
/// </summary>
public sealed class when_the_service_starts_outside_development
{
    private const string SigningKey = "a-production-signing-key-that-is-long-enough";
    private static readonly string IntegrityKey = Convert.ToBase64String(new byte[64]);
    private const string Unreachable = "Host=127.0.0.1;Port=1;Database=none;Timeout=1";

    [Theory]
    [InlineData("ConnectionStrings__Sakip", "ConnectionStrings:Sakip")]
    [InlineData("Sakip__SigningKey", "Sakip:SigningKey")]
    [InlineData("Sakip__IntegrityKey", "Sakip:IntegrityKey")]
    public async Task a_missing_setting_stops_it_with_one_message_naming_the_setting(string variable, string key)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Sakip"] = Unreachable, ["Sakip__SigningKey"] = SigningKey,
            ["Sakip__IntegrityKey"] = IntegrityKey,
        };
        settings.Remove(variable);

        var (code, output, wroteData) = await Run(settings);

        code.ShouldBe(1);
        output.ShouldContain($"{key} (environment variable {variable})");
        output.ShouldContain("'Production' environment");
        foreach (var other in settings.Keys) output.ShouldNotContain($"(environment variable {other})");
        output.ShouldNotContain("   at "); // a message, not a stack trace
        wroteData.ShouldBeFalse("nothing is generated or started");
    }

    [Fact]
    public async Task the_token_command_needs_the_signing_key_and_nothing_else()
    {
        var (code, output, _) = await Run(new Dictionary<string, string>(),
            "token", "--tenant", "buleleng", "--user", "u-1", "--role", "admin");
        code.ShouldBe(1);
        output.ShouldContain("Sakip:SigningKey");
        output.ShouldNotContain("Sakip:IntegrityKey");

        var (ok, token, _) = await Run(new Dictionary<string, string> { ["Sakip__SigningKey"] = SigningKey },
            "token", "--tenant", "buleleng", "--user", "u-1", "--role", "admin");
        ok.ShouldBe(0);
        token.Trim().Split('.').Length.ShouldBe(3);
    }

    private static async Task<(int Code, string Output, bool WroteData)> Run(
        IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var root = Path.Combine(Path.GetTempPath(), "sakip-prod-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var dataDirectory = Path.Combine(root, "data");
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Sakip.Api.dll") },
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                WorkingDirectory = root,
                Environment =
                {
                    ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = "Production",
                    ["Sakip__DataDirectory"] = dataDirectory, ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                },
            };
            foreach (var arg in args) start.ArgumentList.Add(arg);
            foreach (var (name, value) in settings) start.Environment[name] = value;
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout + await stderr, Directory.Exists(dataDirectory));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
