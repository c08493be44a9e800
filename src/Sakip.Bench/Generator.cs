using System.Globalization;
using System.Text;
using JasperFx.Events;
using Sakip.Api.Domain;
using Sakip.Api.Indicators;
using Sakip.Api.Plans;
using Sakip.Api.Realizations;

namespace Sakip.Bench;

/// <summary>
/// A seeded Kabupaten: its OPDs, Rencana Aksi files and years of history, plausible in names, units and magnitudes
/// (percentages, dokumen, UMKM, rupiah budgets in the hundreds of millions). The same seed gives the same data.
/// </summary>
public static class Generator
{
    public const int Seed = 2022;

    public static readonly (string Code, string Name)[] Opds =
    [
        ("disdagperinkop", "Dinas Perdagangan, Perindustrian dan Koperasi UKM"), ("dikpora", "Dinas Pendidikan, Pemuda dan Olahraga"),
        ("dinkes", "Dinas Kesehatan"), ("pupr", "Dinas Pekerjaan Umum dan Penataan Ruang"), ("dinsos", "Dinas Sosial"),
        ("distan", "Dinas Pertanian"), ("diskan", "Dinas Perikanan"), ("dispar", "Dinas Pariwisata"),
        ("dlh", "Dinas Lingkungan Hidup"), ("dishub", "Dinas Perhubungan"), ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
        ("diskominfosanti", "Dinas Komunikasi, Informatika, Persandian dan Statistik"), ("dpmptsp", "Dinas Penanaman Modal dan PTSP"),
        ("dkp", "Dinas Ketahanan Pangan"), ("bkpsdm", "Badan Kepegawaian dan Pengembangan SDM"), ("bpbd", "Badan Penanggulangan Bencana Daerah"),
        ("kesbangpol", "Badan Kesatuan Bangsa dan Politik"), ("disperpusip", "Dinas Perpustakaan dan Kearsipan"),
        ("disnaker", "Dinas Tenaga Kerja"), ("dpmd", "Dinas Pemberdayaan Masyarakat dan Desa"),
        ("dp3a", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak"), ("perkimta", "Dinas Perumahan, Kawasan Permukiman dan Pertanahan"),
        ("bappeda", "Badan Perencanaan Pembangunan Daerah"), ("bpkpd", "Badan Pengelola Keuangan dan Pendapatan Daerah"),
        ("inspektorat", "Inspektorat Daerah"), ("satpolpp", "Satuan Polisi Pamong Praja"), ("setda", "Sekretariat Daerah"),
        ("setwan", "Sekretariat DPRD"), ("disbud", "Dinas Kebudayaan"), ("dppkb", "Dinas Pengendalian Penduduk dan KB"),
        ("rsud", "RSUD Kabupaten Buleleng"), ("kec-gerokgak", "Kecamatan Gerokgak"), ("kec-seririt", "Kecamatan Seririt"),
        ("kec-busungbiu", "Kecamatan Busungbiu"), ("kec-banjar", "Kecamatan Banjar"), ("kec-sukasada", "Kecamatan Sukasada"),
        ("kec-buleleng", "Kecamatan Buleleng"), ("kec-sawan", "Kecamatan Sawan"), ("kec-kubutambahan", "Kecamatan Kubutambahan"),
        ("kec-tejakula", "Kecamatan Tejakula"),
    ];

    private static readonly string[] Kecamatan =
        ["Gerokgak", "Seririt", "Busungbiu", "Banjar", "Sukasada", "Buleleng", "Sawan", "Kubutambahan", "Tejakula"];

    // (name, unit, aggregation, annual low, annual high): the seeds' kinds of indicators.
    private static readonly (string Name, string Unit, Aggregation Aggregation, decimal Low, decimal High)[] Kinds =
    [
        ("Persentase koperasi aktif dan sehat", "%", Aggregation.Cumulative, 60, 90),
        ("Persentase koperasi yang memiliki Nomor Induk Koperasi (NIK)", "%", Aggregation.Cumulative, 50, 85),
        ("Jumlah UMKM yang difasilitasi perizinan berusaha", "UMKM", Aggregation.Sum, 120, 600),
        ("Jumlah UMKM yang mengikuti pelatihan kewirausahaan", "UMKM", Aggregation.Sum, 60, 300),
        ("Jumlah dokumen penatausahaan keuangan yang akuntabel", "dokumen", Aggregation.Cumulative, 12, 12),
        ("Jumlah dokumen perencanaan dan evaluasi kinerja", "dokumen", Aggregation.Sum, 4, 10),
        ("Persentase alat ukur, takar, timbang yang ditera ulang", "%", Aggregation.Cumulative, 70, 95),
        ("Jumlah pasar rakyat yang direvitalisasi", "unit", Aggregation.Sum, 1, 6),
        ("Persentase pelaku usaha yang tertib ukur", "%", Aggregation.Last, 75, 95),
        ("Jumlah IKM yang memperoleh sertifikasi halal", "IKM", Aggregation.Sum, 20, 150),
        ("Persentase laporan keuangan yang tepat waktu", "%", Aggregation.Average, 90, 100),
        ("Jumlah produk unggulan daerah yang dipromosikan", "produk", Aggregation.Sum, 10, 60),
    ];

    private static readonly string[] Programs =
    [
        "Program Pelayanan Izin Usaha Simpan Pinjam", "Program Pengawasan dan Pemeriksaan Koperasi",
        "Program Penilaian Kesehatan KSP/USP Koperasi", "Program Pendidikan dan Latihan Perkoperasian",
        "Program Pemberdayaan Usaha Menengah, Usaha Kecil, dan Usaha Mikro", "Program Pengembangan UMKM",
        "Program Perizinan dan Pendaftaran Perusahaan", "Program Peningkatan Sarana Distribusi Perdagangan",
        "Program Stabilisasi Harga Barang Kebutuhan Pokok", "Program Pengembangan Ekspor",
        "Program Standardisasi dan Perlindungan Konsumen", "Program Penggunaan dan Pemasaran Produk Dalam Negeri",
        "Program Perencanaan dan Pembangunan Industri", "Program Pengendalian Izin Usaha Industri",
        "Program Pengelolaan Sistem Informasi Industri Nasional", "Program Penunjang Urusan Pemerintahan Daerah",
    ];

    private static readonly string[] Months =
        ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

    public static readonly string[] Names =
        ["Made Wirawan", "Putu Ayu Lestari", "Kadek Suardana", "Komang Sri Wahyuni", "Ketut Adi Putra", "Gede Sutrisna",
         "Nyoman Sukerta", "Luh Putu Sariani", "Wayan Arimbawa", "Ni Made Dewi", "Agus Salim", "Siti Rahmawati"];

    public sealed record PlannedIndicator(string Code, string NodeCode, string Name, string Unit, Aggregation Aggregation,
        decimal Annual, decimal?[] Periods, decimal? Pagu, decimal?[] BudgetPlan);

    /// <summary>The Rencana Aksi of one OPD-year: sasaran → program → kegiatan, <paramref name="indicators"/> rows.</summary>
    public static (string Csv, List<PlannedIndicator> Indicators) RencanaAksiCsv(string opd, int year, int indicators, int seed)
    {
        var rng = new Random(seed);
        var csv = new StringBuilder().AppendJoin(',', Sakip.Api.Imports.RencanaAksiRows.Columns).Append('\n');
        var rows = new List<(string Level, string Node, string? Parent, string NodeName, string Position)>();
        for (var s = 1; s <= 5; s++)
        {
            rows.Add(("sasaran", $"SS{s}", null, $"Meningkatnya {Pick(rng, ["daya saing UMKM", "kualitas koperasi", "tertib niaga", "akuntabilitas kinerja", "nilai tambah industri"])} (sasaran {s})", "KEPALA DINAS"));
            for (var p = 1; p <= 4; p++)
            {
                var program = $"2.17.{s:00}.{p}";
                rows.Add(("program", program, $"SS{s}", Programs[(s * 4 + p) % Programs.Length], "KEPALA DINAS"));
                for (var k = 1; k <= 3; k++)
                    rows.Add(("kegiatan", $"{program}.2.{k:00}", program,
                        $"Kegiatan {Pick(rng, ["Fasilitasi", "Pembinaan", "Pengawasan", "Pendampingan", "Penyusunan"])} {Pick(rng, ["koperasi", "UMKM", "pasar rakyat", "IKM", "dokumen keuangan"])} di Kecamatan {Kecamatan[(s + p + k) % Kecamatan.Length]}",
                        Pick(rng, ["KEPALA BIDANG KOPERASI", "KEPALA BIDANG UMKM", "KEPALA BIDANG PERDAGANGAN", "SEKRETARIS DINAS"])));
            }
        }

        // 5 sasaran and 20 programs with one indicator each; 60 kegiatan share the rest (5 or 4 each): 300 in all.
        var perNode = rows.Select(r => r.Level == "kegiatan" ? 0 : 1).ToArray();
        var remaining = indicators - perNode.Sum();
        var kegiatan = rows.Select((r, i) => (r, i)).Where(x => x.r.Level == "kegiatan").Select(x => x.i).ToList();
        for (var i = 0; remaining > 0; i = (i + 1) % kegiatan.Count, remaining--) perNode[kegiatan[i]]++;

        var n = 0;
        var planned = new List<PlannedIndicator>();
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            for (var j = 0; j < perNode[r]; j++)
            {
                n++;
                var indicator = Indicator(rng, $"{(row.Level == "kegiatan" ? "IKK" : "IKU")}-{n}", row.Node, carriesBudget: j == 0);
                planned.Add(indicator);
                var cells = new List<string?>
                {
                    opd, year.ToString(CultureInfo.InvariantCulture), row.Level, row.Node, row.Parent,
                    j == 0 ? row.NodeName : null, indicator.Code, indicator.Name, indicator.Unit, "positive",
                    indicator.Aggregation.ToString().ToLowerInvariant(), "monthly", Id(indicator.Annual),
                };
                cells.AddRange(indicator.Periods.Select(p => p is { } v ? Id(v) : "-"));
                cells.Add(indicator.Pagu is { } pagu ? Money(pagu) : null);
                cells.AddRange(indicator.Pagu is null ? Enumerable.Repeat<string?>(null, 12) : indicator.BudgetPlan.Select(b => b is { } v ? Money(v) : "-"));
                cells.AddRange([row.Position, Pick(rng, Names), null, "Laporan bulanan bidang"]);
                csv.AppendJoin(',', cells.Select(Quote)).Append('\n');
            }
        }

        return (csv.ToString(), planned);
    }

    public static PlannedIndicator Indicator(Random rng, string code, string nodeCode, bool carriesBudget)
    {
        var kind = Kinds[rng.Next(Kinds.Length)];
        var annual = kind.Unit == "%" ? Math.Round(kind.Low + (decimal)rng.NextDouble() * (kind.High - kind.Low), 2)
            : Math.Round(kind.Low + (decimal)rng.NextDouble() * (kind.High - kind.Low));
        var periods = new decimal?[12];
        for (var m = 1; m <= 12; m++)
        {
            periods[m - 1] = kind.Aggregation switch
            {
                Aggregation.Cumulative => m % 3 == 0 ? Math.Round(annual * m / 12, 2) : null,
                Aggregation.Sum => m % 3 == 0 ? Math.Round(annual / 4, kind.Unit == "%" ? 2 : 0) : null,
                _ => m % 3 == 0 ? annual : null,
            };
        }

        if (kind.Aggregation == Aggregation.Sum) periods[11] = annual - periods.Take(11).Sum(p => p ?? 0);
        decimal? pagu = carriesBudget ? (decimal)rng.Next(150, 950) * 1_000_000 + rng.Next(0, 999) * 1_000 : null;
        var plan = new decimal?[12];
        if (pagu is { } total)
            for (var m = 1; m <= 12; m++) plan[m - 1] = m == 12 ? total : Thousands(total * m / 12 * (0.85m + (decimal)rng.NextDouble() * 0.1m));
        return new PlannedIndicator(code, nodeCode, $"{kind.Name} di Kecamatan {Kecamatan[rng.Next(Kecamatan.Length)]}", kind.Unit,
            kind.Aggregation, annual, periods, pagu, plan);
    }

    /// <summary>A realization of period <paramref name="period"/> around its target; budget cumulative to date.</summary>
    public static object Realization(Random rng, decimal annual, Aggregation aggregation, bool carriesBudget, decimal pagu,
        int period, long expectedVersion)
    {
        var share = aggregation == Aggregation.Cumulative ? annual * period / 12 : aggregation == Aggregation.Sum ? annual / 12 : annual;
        var value = Math.Round(share * (0.85m + (decimal)rng.NextDouble() * 0.25m), 2);
        return new
        {
            expectedVersion, value,
            budgetRealized = carriesBudget ? Thousands(pagu * period / 12 * (0.8m + (decimal)rng.NextDouble() * 0.15m)) : (decimal?)null,
            evidence = $"Laporan bulanan {Months[period - 1]} {2024}, nomor 500/{rng.Next(100, 999)}/Disdagperinkop",
            supportingFactors = "Pendampingan oleh penyuluh lapangan dan koordinasi dengan kecamatan",
            inhibitingFactors = rng.Next(3) == 0 ? "Sebagian pelaku usaha belum melengkapi dokumen" : null,
            followUp = "Monitoring dan pembinaan lanjutan",
        };
    }

    // ---- backfill: years of history for every OPD, as the service would have recorded it ----

    public sealed record BackfillPlan(IReadOnlyList<(string Key, long Version, Type Aggregate)> Streams, long Events);

    /// <summary>Enough past OPD-years (2019–2023, every OPD) of ~125 indicators each to hold about <paramref name="target"/> events.</summary>
    public static (int OpdYears, int IndicatorsPerOpdYear) BackfillShape(long target)
    {
        var opdYears = Math.Max(1, (int)Math.Min(Opds.Length * 5, target / 4_000));
        var perIndicator = 31;
        var indicators = (int)Math.Max(1, (target / opdYears - 30) / perIndicator);
        return (opdYears, indicators);
    }

    /// <summary>The events, in the order they are appended; a second enumeration yields the same events.</summary>
    public static IEnumerable<IEvent> Backfill(long target)
    {
        var (opdYears, perOpdYear) = BackfillShape(target);
        var rng = new Random(Seed);
        var produced = 0L;
        for (var i = 0; i < opdYears && produced < target; i++)
        {
            var year = 2019 + i / Opds.Length;
            var opd = Opds[i % Opds.Length].Code;
            foreach (var e in OpdYearHistory(rng, opd, year, perOpdYear))
            {
                if (produced++ == target) yield break;
                yield return e;
            }
        }
    }

    public static BackfillPlan PlanBackfill(long target)
    {
        var versions = new Dictionary<string, (long Version, Type Aggregate)>();
        var count = 0L;
        foreach (var e in Backfill(target))
        {
            count++;
            versions[e.StreamKey!] = (e.Version, e.StreamKey!.StartsWith("plan:", StringComparison.Ordinal) ? typeof(Plan) : typeof(Indicator));
        }

        return new BackfillPlan(versions.Select(v => (v.Key, v.Value.Version, v.Value.Aggregate)).ToList(), count);
    }

    private static IEnumerable<IEvent> OpdYearHistory(Random rng, string opd, int year, int indicatorCount)
    {
        var versions = new Dictionary<string, long>();
        var clock = new DateTimeOffset(year - 1, 12, 1, 1, 0, 0, TimeSpan.Zero);
        var planner = (Id: $"pln-{opd}", Name: Pick(rng, Names), Role: "planner");
        var operatorUser = (Id: $"opr-{opd}", Name: Pick(rng, Names), Role: "operator");
        var verifier = (Id: $"ver-{opd}", Name: Pick(rng, Names), Role: "verifier");

        IEvent Make<T>(string stream, T data, (string Id, string Name, string Role) user, TimeSpan step) where T : notnull
        {
            clock += step;
            var version = versions[stream] = versions.GetValueOrDefault(stream) + 1;
            var e = new Event<T>(data)
            {
                Id = NextGuid(rng), StreamKey = stream, Version = version, Timestamp = clock,
                TenantId = BenchEnvironment.Tenant, UserName = user.Id,
                CorrelationId = Convert.ToHexStringLower(BitConverter.GetBytes(rng.NextInt64())) + "0000000000000000",
                CausationId = Convert.ToHexStringLower(BitConverter.GetBytes(rng.NextInt64())),
            };
            e.SetHeader("user_id", user.Id);
            e.SetHeader("user_name", user.Name);
            e.SetHeader("user_role", user.Role);
            e.SetHeader("user_opd", opd);
            e.SetHeader("source", "api");
            return e;
        }

        var planKey = Plan.StreamKey(opd, year);
        yield return Make(planKey, new PlanStarted(opd, year), planner, TimeSpan.FromMinutes(5));
        var nodes = new List<(string Id, string Code)>();
        for (var p = 1; p <= 8; p++)
        {
            var programId = NextGuid(rng).ToString();
            var code = $"{p}.{rng.Next(10, 40)}.{p:00}";
            yield return Make(planKey, new PlanNodeAdded(opd, year, programId, NodeLevel.Program, new NodeCode(code, "Kepmendagri 050-5889/2021"),
                Programs[(p + year) % Programs.Length], null, new Official("Kepala Dinas", Pick(rng, Names)), null), planner, TimeSpan.FromMinutes(2));
            for (var k = 1; k <= 2; k++)
            {
                var id = NextGuid(rng).ToString();
                nodes.Add((id, $"{code}.2.{k:00}"));
                yield return Make(planKey, new PlanNodeAdded(opd, year, id, NodeLevel.Kegiatan, new NodeCode($"{code}.2.{k:00}", "Kepmendagri 050-5889/2021"),
                    $"Kegiatan pembinaan di Kecamatan {Kecamatan[(p + k) % Kecamatan.Length]}", programId,
                    new Official("Kepala Bidang", Pick(rng, Names)), null), planner, TimeSpan.FromMinutes(2));
            }
        }

        var indicators = new List<(string Id, PlannedIndicator Plan, int Corrections, int Revisions)>();
        for (var i = 0; i < indicatorCount; i++)
        {
            var node = nodes[i % nodes.Count];
            var planned = Indicator(rng, $"IKK-{i + 1}", node.Code, carriesBudget: i < nodes.Count);
            var id = NextGuid(rng).ToString();
            indicators.Add((id, planned, rng.Next(0, 5), rng.Next(0, 3)));
            var key = Sakip.Api.Indicators.Indicator.StreamKey(id);
            yield return Make(key, new IndicatorDefined(id, opd, year, planned.Code, node.Id, planned.Name, planned.Unit, Polarity.Positive,
                planned.Aggregation, Schedule.Monthly, planned.Unit == "%" ? ValueKind.Percent : ValueKind.Number, null, null,
                "Laporan bulanan bidang", planned.Pagu is not null, new Official("Kepala Bidang", Pick(rng, Names)), null), planner, TimeSpan.FromSeconds(40));
            yield return Make(key, new TargetsSet(id, opd, year, TargetValue.Of(planned.Annual),
                planned.Periods.Select(p => p is { } v ? TargetValue.Of(v) : null).ToList(), null, []), planner, TimeSpan.FromSeconds(5));
            if (planned.Pagu is { } pagu)
                yield return Make(key, new BudgetSet(id, opd, year, pagu, planned.BudgetPlan, null), planner, TimeSpan.FromSeconds(5));
        }

        yield return Make(planKey, new AgreementSigned(opd, year, $"800/{rng.Next(100, 999)}/PK/{opd}/{year}", new DateOnly(year, 2, 1),
            new Official("Bupati Buleleng", "Putu Agus Suradnyana")), planner, TimeSpan.FromDays(40));

        for (var month = 1; month <= 12; month++)
        {
            clock = new DateTimeOffset(year, month, 1, 1, 0, 0, TimeSpan.Zero).AddDays(27);
            foreach (var (id, planned, corrections, revisions) in indicators)
            {
                var key = Sakip.Api.Indicators.Indicator.StreamKey(id);
                var submissions = 1 + (month <= corrections ? 1 : 0);
                for (var s = 0; s < submissions; s++)
                {
                    var share = planned.Aggregation == Aggregation.Cumulative ? planned.Annual * month / 12 : planned.Annual / 12;
                    yield return Make(key, new RealizationSubmitted(id, opd, year, month, RealizedValue.Of(Math.Round(share * (0.85m + (decimal)rng.NextDouble() * 0.25m), 2)),
                        planned.Pagu is { } p ? Thousands(p * month / 12 * 0.9m) : null,
                        $"Laporan bulanan {Months[month - 1]} {year}, nomor 500/{rng.Next(100, 999)}/{opd}",
                        "Pendampingan oleh penyuluh lapangan", rng.Next(3) == 0 ? "Keterbatasan anggaran perjalanan dinas" : null,
                        "Monitoring dan pembinaan lanjutan", s == 0 ? null : new Correction("Salah ketik nilai realisasi", true)),
                        operatorUser, TimeSpan.FromSeconds(30));
                    yield return Make(key, new RealizationVerified(id, opd, year, month, "Sesuai bukti dukung"), verifier, TimeSpan.FromSeconds(20));
                }

                if (month is 7 or 10 && revisions >= (month == 7 ? 1 : 2))
                    yield return Make(key, new TargetsSet(id, opd, year, TargetValue.Of(planned.Annual * 1.05m),
                            planned.Periods.Select((p, m) => p is { } v ? TargetValue.Of(m + 1 >= month ? Math.Round(v * 1.05m, 2) : v) : null).ToList(),
                            new Revision(RevisionKind.PkPerubahan, new LegalBasis("PK Perubahan", $"800/{rng.Next(100, 999)}/PK-P/{opd}/{year}",
                                new DateOnly(year, month, 15)), "Penyesuaian target setelah evaluasi semester", month), []),
                        planner, TimeSpan.FromSeconds(30));
            }
        }
    }

    /// <summary>A GUID from the seeded generator, so a second enumeration yields the same stream keys.</summary>
    private static Guid NextGuid(Random rng)
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static decimal Thousands(decimal value) => Math.Round(value / 1000) * 1000;

    private static string Pick(Random rng, string[] values) => values[rng.Next(values.Length)];

    /// <summary>Indonesian number format: 19,5 and 75.144.905.</summary>
    private static string Id(decimal value) => value.ToString("#,##0.##", CultureInfo.InvariantCulture)
        .Replace(",", "\u0001").Replace(".", ",").Replace("\u0001", ".");

    private static string Money(decimal value) => Id(Math.Round(value));

    private static string Quote(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}
