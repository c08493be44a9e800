using System.Net;
using System.Text.Json.Nodes;

namespace Sakip.Api.Tests.Indicators;

/// <summary>
/// The 2022 Rencana Aksi of Dinas Perdagangan, Perindustrian dan Koperasi UKM, Kabupaten Buleleng, as seed
/// 000_e75f51d2278e989e.txt prints it: the Eselon II row (Persentase Koperasi Aktif dan Sehat, with the budget of
/// Program Pelayanan Izin Usaha Simpan Pinjam) and the first two Eselon III rows (Predikat AKIP Dinas; Jumlah
/// dokumen penatausahaan keuangan yang akuntabel), monthly targets and cumulative budget plans as printed.
/// </summary>
public sealed class Buleleng2022(SakipApp app)
{
    public const string Opd = "disdagperinkop";
    public const int Year = 2022;
    public string Tenant { get; } = SakipApp.NewTenant();
    public HttpClient Planner => app.ClientFor(Tenant, "planner", userId: "pln-01", name: "Putu Perencana", opd: Opd);
    public HttpClient Admin => app.ClientFor(Tenant, "admin", userId: "adm-01", name: "Kadek Bappeda");
    public string PlanUrl => $"/api/{Tenant}/opds/{Opd}/years/{Year}/plan";
    public string KoperasiAktif { get; private set; } = "";
    public string PredikatAkip { get; private set; } = "";
    public string DokumenKeuangan { get; private set; } = "";

    public static readonly object?[] KoperasiAktifTargets = [null, null, 19.5m, null, null, 39m, null, null, 58.5m, null, null, 78m];

    public static readonly decimal?[] SimpanPinjamPlan =
    [
        null, 12_524_159m, 18_786_239m, 25_048_318m, 30_048_318m, 37_572_478m, 43_834_557m, 52_096_636m,
        60_358_716m, 65_620_795m, 69_882_875m, 75_144_905m,
    ];

    public async Task<Buleleng2022> Drafted()
    {
        (await Admin.PostJson($"/api/{Tenant}/opds", new
        {
            code = Opd, name = "Dinas Perdagangan, Perindustrian dan Koperasi UKM", urusanCodes = new[] { "2.17", "3.30", "3.31" },
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Planner.PostAsync(PlanUrl, null)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var version = 1;
        async Task Node(string level, string code, string name, string? parent, string position)
        {
            var response = await Planner.PostJson($"{PlanUrl}/nodes", new
            {
                expectedVersion = version, level, code, nomenclatureVersion = "Kepmendagri 050-3708/2020", name,
                parentCode = parent, responsible = new { position },
            });
            (await response.Json(HttpStatusCode.Created))["version"]!.GetValue<int>().ShouldBe(++version);
        }

        await Node("sasaran", "SS1", "Meningkatnya Koperasi yang Berkualitas", null, "Kepala Dinas");
        await Node("program", "2.17.02", "Program Pelayanan Izin Usaha Simpan Pinjam", "SS1", "Kepala Dinas");
        await Node("sasaran", "SS0", "Meningkatnya Akuntabilitas Kinerja SKPD", null, "Kepala Dinas");
        await Node("program", "2.17.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", "SS0", "Kepala Dinas");
        await Node("kegiatan", "2.17.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", "2.17.01", "Sekretaris Dinas");
        await Node("kegiatan", "2.17.01.2.02", "Administrasi Keuangan Perangkat Daerah", "2.17.01", "Sekretaris Dinas");

        KoperasiAktif = await Define(new
        {
            code = "IKU-1", nodeCode = "2.17.02", name = "Persentase Koperasi Aktif dan Sehat", unit = "%",
            polarity = "positive", aggregation = "cumulative", schedule = "monthly", valueKind = "percent",
            carriesBudget = true, responsible = new { position = "Kepala Dinas" },
            annualTarget = 78.00m, periodTargets = KoperasiAktifTargets,
            budget = new { pagu = 75_144_905m, monthlyPlan = SimpanPinjamPlan },
        });
        PredikatAkip = await Define(new
        {
            code = "IKK-1", nodeCode = "2.17.01.2.01", name = "Predikat AKIP Dinas", unit = "Predikat",
            aggregation = "last", schedule = "monthly", valueKind = "grade", gradeScale = "predikat-akip",
            carriesBudget = true, responsible = new { position = "Sekretaris Dinas" },
            annualTarget = "A", periodTargets = new object?[] { "-", "-", "A", "-", "-", "-", "-", "-", "-", "-", "-", "-" },
            budget = new
            {
                pagu = 539_977_592m,
                monthlyPlan = new decimal?[]
                {
                    null, 89_996_265m, 134_994_398m, 179_992_531m, 224_990_663m, 269_988_796m, 314_986_929m,
                    359_985_061m, 400_083_194m, 449_981_327m, 494_979_459m, 539_977_592m,
                },
            },
        });
        DokumenKeuangan = await Define(new
        {
            code = "IKK-2", nodeCode = "2.17.01.2.02", name = "Jumlah dokumen penatausahaan keuangan yang akuntabel",
            unit = "dokumen", aggregation = "cumulative", schedule = "monthly", carriesBudget = true,
            responsible = new { position = "Sekretaris Dinas" },
            annualTarget = 12, periodTargets = Enumerable.Range(1, 12).Cast<object?>().ToArray(),
            budget = new
            {
                pagu = 6_422_113_449m,
                monthlyPlan = new decimal?[]
                {
                    535_176_121m, 935_176_121m, 1_605_528_362m, 2_140_704_483m, 3_108_698_339m, 3_651_761_207m,
                    4_586_937_328m, 5_086_937_328m, 5_586_937_328m, 5_786_937_328m, 5_986_937_328m, 6_422_113_449m,
                },
            },
        });
        return this;
    }

    public async Task<Buleleng2022> Established()
    {
        await Drafted();
        var plan = await (await Planner.GetAsync(PlanUrl)).Json(HttpStatusCode.OK);
        (await Planner.PostJson($"{PlanUrl}/agreement", new
        {
            expectedVersion = plan["version"]!.GetValue<int>(), documentNumber = "800/123/PK/Disdagperinkop/2022",
            signedOn = "2022-02-01", signedBy = new { position = "Bupati Buleleng", name = "Putu Agus Suradnyana" },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return this;
    }

    public async Task<JsonNode> Indicator(string id) =>
        await (await Planner.GetAsync($"/api/{Tenant}/indicators/{id}")).Json(HttpStatusCode.OK);

    public async Task<int> VersionOf(string id) => (await Indicator(id))["version"]!.GetValue<int>();

    private async Task<string> Define(object body)
    {
        var created = await (await Planner.PostJson($"/api/{Tenant}/opds/{Opd}/years/{Year}/indicators", body))
            .Json(HttpStatusCode.Created);
        created["warnings"]!.AsArray().ShouldBeEmpty();
        return created["id"]!.GetValue<string>();
    }

    public static object TargetRevision(int effectiveFromMonth = 9, bool acknowledge = false) => new
    {
        kind = "pkPerubahan",
        legalBasis = new { type = "PK Perubahan", number = "800/456/PK-P/Disdagperinkop/2022", date = "2022-09-15" },
        reason = "Penyesuaian target setelah evaluasi semester I",
        effectiveFromMonth, acknowledgeRealizedPeriods = acknowledge,
    };

    public static object BudgetRevision() => new
    {
        kind = "dppaPerubahan",
        legalBasis = new { type = "DPPA-P", number = "DPPA/2.17.02/2022-P", date = "2022-10-03" },
        reason = "Tambahan anggaran pada APBD Perubahan 2022",
        effectiveFromMonth = 10,
    };
}
