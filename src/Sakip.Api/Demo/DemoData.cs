using Marten;
using Sakip.Api.Domain;
using Sakip.Api.Imports;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Opds;
using Sakip.Api.Plans;
using Sakip.Api.Tenants;

namespace Sakip.Api.Demo;

/// <summary>
/// Loads the demo tenants on start when <c>Sakip:SeedDemo</c> is on, each while it is still empty. Kabupaten Buleleng:
/// the agencies, then the sample spreadsheets through the importer — the 2022 Rencana Aksi (established, with
/// realizations for January to September) and the 2024 quarterly Rencana Aksi of another agency (a draft, no Perjanjian
/// Kinerja signed yet) — so it is a real agency year. Kabupaten Lampung Barat: the Renstra 2018-2022 (IKU and IKI) and
/// an annual plan cascading from it (<see cref="LoadLampungBarat"/>).
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
        if (await Register(Tenant, Opds, new TenantProfileSet("Kabupaten Buleleng", "Singaraja", "Asia/Makassar"), ct))
        {
            var loaded = new Loaded(Opds.Length);
            loaded.Add(await Import(Tenant, "rencana-aksi-buleleng-2022.csv", ImportKind.Plan, ct));
            await Sign(Tenant, "disdagperinkop", 2022, "800/123/PK/Disdagperinkop/2022", new DateOnly(2022, 2, 1), "Bupati Buleleng", ct);
            await AssignSignatory(Tenant, "disdagperinkop", 2022, Head2022, ct);
            loaded.Add(await Import(Tenant, "realisasi-buleleng-2022.csv", ImportKind.Realizations, ct));
            loaded.Add(await Import(Tenant, "rencana-aksi-disdagkopukm-2024.csv", ImportKind.Plan, ct));
            LogSeeded(logger, Tenant, loaded.Opds, loaded.Changes, loaded.Warnings);
        }

        await LoadLampungBarat(ct);
    }

    /// <summary>Registers the tenant's agencies; false when the tenant holds agencies already (it was loaded before).</summary>
    private async Task<bool> Register(string tenant, IEnumerable<OpdRegistered> opds, TenantProfileSet profile,
        CancellationToken ct)
    {
        await tenants.Ensure(tenant, null, ct);
        await using var session = Session(tenant);
        if (await session.Query<Opd>().AnyAsync(ct)) return false;
        foreach (var opd in opds) session.Events.StartStream<Opd>(Opd.StreamKey(opd.Code), opd);
        session.Events.StartStream<TenantProfile>(TenantProfile.StreamKey, profile);
        await session.SaveChangesAsync(ct);
        return true;
    }

    private IDocumentSession Session(string tenant)
    {
        var session = store.LightweightSession(tenant);
        EventMetadataMiddleware.Stamp(session, Loader with { Tenant = tenant }, "demo");
        session.CorrelationId = CorrelationId;
        return session;
    }

    private enum ImportKind { Plan, Realizations, Renstra }

    /// <summary>What a demo tenant was loaded with, for its one log line.</summary>
    private sealed class Loaded(int opds)
    {
        public int Opds => opds;
        public int Changes { get; private set; }
        public int Warnings { get; private set; }

        public void Add((int Changes, int Warnings) import)
        {
            Changes += import.Changes;
            Warnings += import.Warnings;
        }
    }

    private async Task<(int Changes, int Warnings)> Import(string tenant, string file, ImportKind kind, CancellationToken ct,
        NumberFormat format = NumberFormat.Id)
    {
        var path = Path.Combine(SamplesDirectory, file);
        if (!File.Exists(path))
        {
            LogMissing(logger, path);
            return (0, 0);
        }

        await using var session = Session(tenant);
        var batch = ImportBatch.Of(await File.ReadAllBytesAsync(path, ct), file, "text/csv");
        var caller = Loader with { Tenant = tenant };
        var outcome = kind switch
        {
            ImportKind.Realizations => await ImportRealisasiEndpoint.Import(batch, new ImportSettings(), format, false, null, caller, session, ct),
            ImportKind.Renstra => await Renstra.ImportRenstraEndpoint.Import(batch, new ImportSettings(), format, false, null, caller, session, ct),
            _ => await ImportRencanaAksiEndpoint.Import(batch, new ImportSettings(), format, false, null, caller, session, ct),
        };
        if (outcome is { Problem: null, Report: { } report })
        {
            await session.SaveChangesAsync(ct);
            LogImported(logger, file, report.Changes.Count, report.Warnings.Count);
            return (report.Changes.Count, report.Warnings.Count);
        }

        LogRefused(logger, file, System.Text.Json.JsonSerializer.Serialize(outcome.Problem));
        return (0, 0);
    }

    /// <summary>Signs the plan's Perjanjian Kinerja by the endpoint's own decision; a refusal is logged and nothing is written.</summary>
    public async Task<bool> Sign(string tenant, string opd, int year, string number, DateOnly signedOn, string signedBy, CancellationToken ct)
    {
        await using var session = Session(tenant);
        var plan = await session.Events.FetchForWriting<Plan>(Plan.StreamKey(opd, year), ct);
        if (plan.Aggregate is null) return Refused($"the agreement of {opd} {year}", [new Refusal("plan-exists", null, "No plan.")]);
        var (signed, refusals) = SignAgreementEndpoint.Decide(plan.Aggregate,
            new SignAgreement(plan.CurrentVersion, number, signedOn, new OfficialInput(signedBy, null, null)));
        if (signed is null) return Refused($"the agreement of {opd} {year}", refusals);
        plan.AppendOne(signed);
        await session.SaveChangesAsync(ct);
        return true;
    }

    private bool Refused(string what, IReadOnlyList<Refusal> refusals)
    {
        LogRefused(logger, what, string.Join(" ", refusals.Select(r => r.Field is null ? r.Message : $"{r.Field} {r.Message}")));
        return false;
    }

    /// <summary>The head of the agency as the seed document's signature blocks print him.</summary>
    private static readonly Official Head2022 = new(
        "Kepala Dinas Perdagangan, Perindustrian dan Koperasi, Usaha Kecil dan Menengah Kabupaten Buleleng",
        "Drs. Dewa Made Sudiarta, M.Si", "197410141993111001");

    private async Task AssignSignatory(string tenant, string opd, int year, Official head, CancellationToken ct)
    {
        const string reason = "Penandatangan dokumen Rencana Aksi 2022 (seed document)";
        await using var session = Session(tenant);
        var plan = await session.Events.FetchForWriting<Plan>(Plan.StreamKey(opd, year), ct);
        if (plan.Aggregate is null) return;
        var (assigned, refusals) = AssignSignatoryEndpoint.Decide(plan.Aggregate,
            new AssignSignatory(plan.CurrentVersion, new OfficialInput(head.Position, head.Name, head.Nip), reason));
        if (assigned is null)
        {
            Refused($"the signatory of {opd} {year}", refusals);
            return;
        }

        session.SetHeader(EventHeaders.Reason, reason);
        plan.AppendOne(assigned);
        await session.SaveChangesAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo tenant '{Tenant}' loaded from samples/: {Opds} OPDs, " +
        "{Changes} changes; its {Warnings} import warnings are the seed documents' own data problems, kept as found " +
        "(samples/README.md)")]
    private static partial void LogSeeded(ILogger logger, string tenant, int opds, int changes, int warnings);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Demo sample {File} imported: {Changes} changes, {Warnings} warnings")]
    private static partial void LogImported(ILogger logger, string file, int changes, int warnings);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: {What} was refused, nothing of it stored: {Refusal}")]
    private static partial void LogRefused(ILogger logger, string what, string refusal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo sample {Path} is missing; the demo tenant has no plan")]
    private static partial void LogMissing(ILogger logger, string path);
}
