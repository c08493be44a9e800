using Marten;
using Sakip.Api.Imports;
using Sakip.Api.Indicators;
using Sakip.Api.Opds;
using Sakip.Api.Plans;
using Sakip.Api.Renstra;
using Sakip.Api.Tenants;
using Sakip.Api.Domain;

namespace Sakip.Api.Demo;

/// <summary>
/// The second demo tenant, Kabupaten Lampung Barat: the Renstra 2018-2022 of Dinas Koperasi UKM, Perindustrian dan
/// Perdagangan (its IKU and IKI, seed 004, imported from samples/ and established), the 2018 and 2019 realizations of
/// its IKU reported directly, and the 2020 Rencana Aksi whose indicators cascade from the IKU, established, with a year
/// of realizations — so its LKjIP table for 2020 compares three years. Figures beyond the seed are invented for the demo
/// (samples/README.md).
/// </summary>
public sealed partial class DemoData
{
    public const string SecondTenant = "lampung-barat";
    public const string RenstraOpd = "diskopukmperindag";

    private static readonly OpdRegistered[] LampungBaratOpds =
    [
        new(RenstraOpd, "Dinas Koperasi UKM, Perindustrian dan Perdagangan", ["2.17", "3.30", "3.31"]),
        new("bappeda", "Badan Perencanaan Pembangunan Daerah", ["5.01"]),
    ];

    /// <summary>Realizations of the IKU in the years before the annual plans of the demo: reported directly, with evidence.</summary>
    private static readonly (string Code, int Year, decimal Value)[] EarlierYears =
    [
        ("IKU-1", 2018, 11m), ("IKU-1", 2019, 16m), ("IKU-2", 2018, 8.5m), ("IKU-2", 2019, 10.2m),
        ("IKU-3", 2018, 812.40m), ("IKU-3", 2019, 845.12m), ("IKU-4", 2018, 322.10m), ("IKU-4", 2019, 341.75m),
    ];

    private async Task LoadLampungBarat(CancellationToken ct)
    {
        if (!await Register(SecondTenant, LampungBaratOpds, new TenantProfileSet("Kabupaten Lampung Barat", "Liwa", "Asia/Jakarta"), ct))
            return;
        var loaded = new Loaded(LampungBaratOpds.Length);
        loaded.Add(await Import(SecondTenant, "renstra-lampung-barat-2018-2022.csv", ImportKind.Renstra, ct, NumberFormat.En));
        if (!await SignRenstra(ct)) return;
        await ReportEarlierYears(ct);

        loaded.Add(await Import(SecondTenant, "rencana-aksi-lampung-barat-2020.csv", ImportKind.Plan, ct));
        await Sign(SecondTenant, RenstraOpd, 2020, "800/045/PK/DISKOPUKMPERINDAG/2020", new DateOnly(2020, 2, 3), "Bupati Lampung Barat", ct);
        loaded.Add(await Import(SecondTenant, "realisasi-lampung-barat-2020.csv", ImportKind.Realizations, ct));
        LogSeeded(logger, SecondTenant, loaded.Opds, loaded.Changes, loaded.Warnings);
    }

    /// <summary>Establishes the Renstra by the endpoint's own decision.</summary>
    private async Task<bool> SignRenstra(CancellationToken ct)
    {
        await using var session = Session(SecondTenant);
        var renstra = await session.Events.FetchForWriting<RenstraPlan>(RenstraPlan.StreamKey(RenstraOpd, 2018, 2022), ct);
        if (renstra.Aggregate is null) return false;
        var (signed, refusals) = SignRenstraEndpoint.Decide(renstra.Aggregate,
            new SignRenstra(renstra.CurrentVersion, new LegalBasisInput("SK Kepala Dinas", "060/45/KPTS/DISKOPUKMPERINDAG/2020",
                new DateOnly(2020, 1, 20)), new OfficialInput("Kepala Dinas Koperasi UKM, Perindustrian dan Perdagangan", null, null)),
            await SignRenstraEndpoint.HasIndicators(session, RenstraOpd, 2018, 2022, ct));
        if (signed is null) return Refused("the Renstra 2018-2022", refusals);
        renstra.AppendOne(signed);
        await session.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Reports the IKU's earlier years by the endpoint's own decision, each at the version it read.</summary>
    private async Task ReportEarlierYears(CancellationToken ct)
    {
        await using var session = Session(SecondTenant);
        var iku = (await session.Query<RenstraIndicator>().Where(i => i.Opd == RenstraOpd && i.StartYear == 2018).ToListAsync(ct))
            .ToDictionary(i => i.Code);
        foreach (var (code, year, value) in EarlierYears)
        {
            var write = await RenstraWrites.Load(iku[code].IndicatorId, session, ct);
            var (reported, refusals) = ReportRenstraRealizationEndpoint.Decide(year, new ReportRenstraRealization(
                write.NextVersion - 1, System.Text.Json.JsonSerializer.SerializeToElement(value),
                $"LKjIP {year} Dinas Koperasi UKM, Perindustrian dan Perdagangan", null, null), write);
            if (reported is null)
            {
                Refused($"the realization {code} {year}", refusals);
                continue;
            }

            write.Append(reported);
            await session.SaveChangesAsync(ct);
        }
    }
}
