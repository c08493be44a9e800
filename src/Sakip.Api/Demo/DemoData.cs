using Marten;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Opds;

namespace Sakip.Api.Demo;

/// <summary>
/// Loads the demo tenant (Kabupaten Buleleng) on start when <c>Sakip:SeedDemo</c> is on and the tenant is
/// still empty. It writes through the same events as the API, stamped as the demo loader.
/// </summary>
public sealed partial class DemoData(IDocumentStore store, IConfiguration configuration, ILogger<DemoData> logger)
    : IHostedService
{
    public const string Tenant = "buleleng";
    private static readonly SakipUser Loader = new(Tenant, "demo-loader", "Demo data loader", Roles.Admin, null);

    private static readonly OpdRegistered[] Opds =
    [
        new("disdagperinkop", "Dinas Perdagangan, Perindustrian dan Koperasi UKM", ["2.17", "3.30", "3.31"]),
        new("bappeda", "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah", ["5.01", "5.05"]),
        new("inspektorat", "Inspektorat Daerah", ["6.01"]),
    ];

    public async Task StartAsync(CancellationToken ct)
    {
        if (!SakipSettings.From(configuration).SeedDemo) return;
        await using var session = store.LightweightSession(Tenant);
        if (await session.Query<Opd>().AnyAsync(ct)) return;

        EventMetadataMiddleware.Stamp(session, Loader, "demo");
        session.CorrelationId = "demo-seed";
        foreach (var opd in Opds) session.Events.StartStream<Opd>(Opd.StreamKey(opd.Code), opd);
        await session.SaveChangesAsync(ct);
        LogSeeded(logger, Tenant, Opds.Length);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo tenant '{Tenant}' loaded: {Opds} OPDs")]
    private static partial void LogSeeded(ILogger logger, string tenant, int opds);
}
