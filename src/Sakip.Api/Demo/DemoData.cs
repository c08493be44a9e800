using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Sakip.Api.Imports;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Opds;
using Sakip.Api.Plans;

namespace Sakip.Api.Demo;

/// <summary>
/// Loads the demo tenant (Kabupaten Buleleng) on start when <c>Sakip:SeedDemo</c> is on and the tenant is still
/// empty: the agencies, then the sample spreadsheets through the importer — the 2022 Rencana Aksi (established,
/// with realizations for January to September) and the 2024 quarterly Rencana Aksi of another agency (a draft,
/// no Perjanjian Kinerja signed yet) — so it is a real agency year.
/// </summary>
public sealed partial class DemoData(IDocumentStore store, IConfiguration configuration, IHostEnvironment environment,
    Tenants.TenantDatabases tenants, ILogger<DemoData> logger)
    : IHostedService
{
    /// <summary>The correlation id of every seeded event; callers may not use it (<see cref="Infrastructure.CorrelationId.IsReserved"/>).</summary>
    public const string CorrelationId = "demo-seed";

    public const string Tenant = "buleleng";
    private static readonly SakipUser Loader = new(Tenant, "demo-loader", "Demo data loader", Roles.Admin, null);

    private static readonly OpdRegistered[] Opds =
    [
        new("disdagperinkop", "Dinas Perdagangan, Perindustrian dan Koperasi UKM", ["2.17", "3.30", "3.31"]),
        new("disdagkopukm", "Dinas Perdagangan, Koperasi, UKM dan Perindustrian", ["2.17", "2.18", "3.30", "3.31"]),
        new("bappeda", "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah", ["5.01", "5.05"]),
        new("inspektorat", "Inspektorat Daerah", ["6.01"]),
    ];

    public static string SamplesDirectory => Path.Combine(AppContext.BaseDirectory, "samples");

    public async Task StartAsync(CancellationToken ct)
    {
        if (!(SakipSettings.From(configuration).SeedDemo ?? environment.IsDevelopment())) return;
        await tenants.Ensure(Tenant, null, ct);
        await using (var session = Session("demo"))
        {
            if (await session.Query<Opd>().AnyAsync(ct)) return;
            foreach (var opd in Opds) session.Events.StartStream<Opd>(Opd.StreamKey(opd.Code), opd);
            await session.SaveChangesAsync(ct);
        }

        var plan = await Import("rencana-aksi-buleleng-2022.csv", realizations: false, ct);
        await Sign("disdagperinkop", 2022, "800/123/PK/Disdagperinkop/2022", new DateOnly(2022, 2, 1), ct);
        var realized = await Import("realisasi-buleleng-2022.csv", realizations: true, ct);
        var draft = await Import("rencana-aksi-disdagkopukm-2024.csv", realizations: false, ct);
        LogSeeded(logger, Tenant, Opds.Length, plan.Changes + realized.Changes + draft.Changes,
            plan.Warnings + realized.Warnings + draft.Warnings);
    }

    private IDocumentSession Session(string source)
    {
        var session = store.LightweightSession(Tenant);
        EventMetadataMiddleware.Stamp(session, Loader, source);
        session.CorrelationId = CorrelationId;
        return session;
    }

    private async Task<(int Changes, int Warnings)> Import(string file, bool realizations, CancellationToken ct)
    {
        var path = Path.Combine(SamplesDirectory, file);
        if (!File.Exists(path))
        {
            LogMissing(logger, path);
            return (0, 0);
        }

        await using var session = Session("demo");
        var batch = ImportBatch.Of(await File.ReadAllBytesAsync(path, ct), file, "text/csv");
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(SakipClaims.Tenant, Tenant), new Claim(SakipClaims.UserId, Loader.UserId),
            new Claim(SakipClaims.Name, Loader.Name), new Claim(SakipClaims.Role, Loader.Role),
        ], "demo"));
        var result = realizations
            ? await ImportRealisasiEndpoint.Import(batch, new ImportSettings(), NumberFormat.Id, false, null, principal, session, ct)
            : await ImportRencanaAksiEndpoint.Import(batch, new ImportSettings(), NumberFormat.Id, false, null, principal, session, ct);
        if (result is Ok<ImportReport> { Value: { } report })
        {
            await session.SaveChangesAsync(ct);
            LogImported(logger, file, report.Changes.Count, report.Warnings.Count);
            return (report.Changes.Count, report.Warnings.Count);
        }

        LogFailed(logger, file, System.Text.Json.JsonSerializer.Serialize(result));
        return (0, 0);
    }

    private async Task Sign(string opd, int year, string number, DateOnly signedOn, CancellationToken ct)
    {
        await using var session = Session("demo");
        var plan = await session.Events.FetchForWriting<Plan>(Plan.StreamKey(opd, year), ct);
        if (plan.Aggregate is not { Status: PlanStatus.Draft }) return;
        plan.AppendOne(new AgreementSigned(opd, year, number, signedOn, new Official("Bupati Buleleng", null)));
        await session.SaveChangesAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo tenant '{Tenant}' loaded from samples/: {Opds} OPDs, " +
        "{Changes} changes; its {Warnings} import warnings are the seed documents' own data problems, kept as found " +
        "(samples/README.md)")]
    private static partial void LogSeeded(ILogger logger, string tenant, int opds, int changes, int warnings);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Demo sample {File} imported: {Changes} changes, {Warnings} warnings")]
    private static partial void LogImported(ILogger logger, string file, int changes, int warnings);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo sample {File} was refused: {Result}")]
    private static partial void LogFailed(ILogger logger, string file, string result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo sample {Path} is missing; the demo tenant has no plan")]
    private static partial void LogMissing(ILogger logger, string path);
}
