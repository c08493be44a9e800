using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Database;

namespace Sakip.Api.Tests.Browser;

/// <summary>
/// The service as a browser meets it: a real Kestrel listener on loopback (the shared test host has no socket), in its
/// own database of the test cluster with the demo tenant loaded, trusting an OpenID Connect provider that runs in the
/// test process; and one Debian Chromium for the run. Started at first use, so runs that need none of it pay nothing.
/// </summary>
public sealed class ConsoleHost : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sakip-console-" + Guid.NewGuid().ToString("N")[..8]);
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public TestIdentityProvider Provider { get; } = new();
    public string BaseUrl { get; private set; } = "";
    public IServiceProvider Services => _factory!.Services;
    public IBrowser Browser => _browser!;

    /// <summary>Where the tests leave their screenshots and PDFs (kept as CI artifacts with the test output).</summary>
    public static string Output { get; } = Path.Combine(AppContext.BaseDirectory, "console-screenshots");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task Start(SakipApp app)
    {
        await _gate.WaitAsync();
        try
        {
            if (_factory is not null) return;
            Directory.CreateDirectory(_root);
            Directory.CreateDirectory(Output);
            await Provider.Start();
            var database = await DatabaseSetup.EnsureDatabaseAsync(app.ConnectionString, "sakip_console");
            _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
            {
                web.UseSetting("urls", "http://127.0.0.1:0");
                web.UseSetting("ConnectionStrings:Sakip", database);
                web.UseSetting("Sakip:SigningKey", SakipApp.SigningKey);
                web.UseSetting("Sakip:DataDirectory", _root);
                web.UseSetting("Sakip:Cluster:HeartbeatSeconds", "1");
                web.UseSetting("Sakip:Auth:Authority", Provider.Issuer);
                web.UseSetting("Sakip:Auth:ClientId", TestIdentityProvider.ClientId);
                web.UseSetting("Sakip:Auth:ClientSecret", TestIdentityProvider.ClientSecret);
                web.UseSetting("Sakip:Auth:Audience", TestIdentityProvider.Audience);
                web.UseSetting("Sakip:Auth:Claims:Tenant", "sakip_tenant");
                web.UseSetting("Sakip:Auth:Claims:Role", "realm_access.roles");
                web.UseSetting("Sakip:Auth:Claims:Opd", "sakip_opd");
            });
            _factory.UseKestrel();
            _factory.StartServer();
            BaseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
            await DemoLoaded();

            _playwright = await Playwright.CreateAsync();
            var args = new List<string>
            {
                "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run",
            };
            if (Environment.UserName == "root") args.Add("--no-sandbox");
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Environment.GetEnvironmentVariable("SAKIP_CHROMIUM") ?? "/usr/bin/chromium", Args = args, Headless = true,
            });
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A client of this host's API, with a token of the service's own.</summary>
    public HttpClient Api(string? token = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static string Token(string role, string userId = "i-1", string name = "Komang Inspektur", string? opd = null) =>
        TokenIssuer.Issue(new Sakip.Api.Infrastructure.SakipSettings { SigningKey = SakipApp.SigningKey },
            new SakipUser(Demo.DemoData.Tenant, userId, name, role, opd), TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

    /// <summary>The demo year is imported on start; the pages read its projections, so wait until they hold all of it.</summary>
    private async Task DemoLoaded()
    {
        var api = Api(Token(Roles.Analyst));
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while ((await api.GetAsync("/api/buleleng/opds/disdagkopukm/years/2024/plan")).StatusCode != System.Net.HttpStatusCode.OK)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The demo tenant was not loaded.");
            await Task.Delay(250);
        }

        await SakipApp.WaitForProjections(_factory!.Services, TimeSpan.FromMinutes(2));
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        await Provider.DisposeAsync();
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
}
