using System.Net;
using System.Text.Json.Nodes;

namespace Sakip.Api.Tests.Capaian;

/// <summary>
/// A 2024 trade agency built from seed 001_ecf598f1c8fc39b9.txt's quarterly indicators (TW 1..4): one of each
/// aggregation kind and both polarities, with a year of realizations.
/// </summary>
public sealed class Perdagangan2024(SakipApp app)
{
    public const string Opd = "disdagkum";
    public string Tenant { get; } = SakipApp.NewTenant();
    public HttpClient Planner => app.ClientFor(Tenant, "planner", userId: "pln-1", name: "Perencana", opd: Opd);
    public HttpClient Operator => app.ClientFor(Tenant, "operator", userId: "op-1", name: "Operator", opd: Opd);
    public HttpClient Verifier => app.ClientFor(Tenant, "verifier", userId: "ver-1", name: "Verifikator", opd: Opd);
    public HttpClient Analyst => app.ClientFor(Tenant, "analyst", userId: "an-1", name: "Analis");
    public string Base => $"/api/{Tenant}/opds/{Opd}/years/2024";
    public Dictionary<string, string> Ids { get; } = [];

    public static readonly decimal?[] BudgetPlan =
        [10e6m, 25e6m, 40e6m, 55e6m, 75e6m, 100e6m, 115e6m, 130e6m, 150e6m, 170e6m, 185e6m, 200e6m];

    public async Task<Perdagangan2024> Build()
    {
        var admin = app.ClientFor(Tenant, "admin");
        (await admin.PostJson($"/api/{Tenant}/opds", new
        {
            code = Opd, name = "Dinas Perdagangan, Koperasi, UKM dan Perindustrian", urusanCodes = new[] { "2.17", "3.30" },
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Planner.PostAsync($"{Base}/plan", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var version = 1;
        foreach (var (level, code, name, parent) in new[]
                 {
                     ("sasaran", "SS1", "Meningkatnya kelancaran distribusi dan jaminan pasokan barang kebutuhan pokok", (string?)null),
                     ("program", "3.30.03", "Program Stabilisasi Harga Barang Kebutuhan Pokok dan Barang Penting", "SS1"),
                     ("program", "3.30.04", "Program Standarisasi dan Perlindungan Konsumen", "SS1"),
                     ("kegiatan", "3.30.04.2.01", "Pelaksanaan Metrologi Legal, berupa Tera, Tera Ulang, dan Pengawasan", "3.30.04"),
                     ("subkegiatan", "3.30.04.2.01.0001", "Pelaksanaan Metrologi Legal, Berupa Tera, Tera Ulang", "3.30.04.2.01"),
                     ("sasaran", "SS2", "Meningkatnya koperasi yang berkualitas", null),
                     ("program", "2.17.03", "Program Pengawasan dan Pemeriksaan Koperasi", "SS2"),
                 })
        {
            (await Planner.PostJson($"{Base}/plan/nodes", new { expectedVersion = version++, level, code, name, parentCode = parent }))
                .StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        await Define("BAPOK", "3.30.03", "% Ketersediaan barang pokok sepanjang tahun", "%", "positive", "average",
            95m, [95m, 95m, 95m, 95m], budget: new { pagu = 200e6m, monthlyPlan = BudgetPlan });
        await Define("HARGA", "3.30.03", "Laju perubahan harga barang kebutuhan pokok", "%", "negative", "last",
            3m, [null, null, null, 3m]);
        await Define("ADUAN", "3.30.04", "Jumlah pengaduan konsumen tentang alat UTTP", "pengaduan", "negative", "sum",
            20m, [5m, 5m, 5m, 5m]);
        await Define("UTTP", "3.30.04.2.01.0001", "Jumlah UTTP yang ditera/tera ulang", "UTTP", "positive", "sum",
            945m, [70m, 585m, 120m, 170m]);
        await Define("KOPAKTIF", "2.17.03", "Persentase Koperasi aktif", "%", "positive", "last",
            79.12m, [77.72m, 78.41m, 78.82m, 79.12m]);

        (await Planner.PostJson($"{Base}/plan/agreement", new
        {
            expectedVersion = version, documentNumber = "500/01/PK/2024", signedOn = "2024-01-31",
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Report("BAPOK", [96m, 94m, 95m, 97m], budget: [35e6m, 90e6m, 140e6m, 190e6m]);
        await Report("HARGA", [4m, 3.5m, 3.2m, 3m]);
        await Report("ADUAN", [5m, 4m, 6m, 3m]);
        await Report("UTTP", [80m, 500m, 120m, 200m]);
        await Report("KOPAKTIF", [77.5m, 78.5m, 78.6m, 79.0m]);
        return this;
    }

    private async Task Define(string code, string node, string name, string unit, string polarity, string aggregation,
        decimal annual, decimal?[] quarters, object? budget = null)
    {
        var created = await (await Planner.PostJson($"{Base}/indicators", new
        {
            code, nodeCode = node, name, unit, polarity, aggregation, schedule = "quarterly", annualTarget = annual,
            periodTargets = quarters, carriesBudget = budget is not null, budget,
        })).Json(HttpStatusCode.Created);
        Ids[code] = created["id"]!.GetValue<string>();
    }

    private async Task Report(string code, decimal[] values, decimal[]? budget = null)
    {
        var url = $"/api/{Tenant}/indicators/{Ids[code]}/realizations";
        var version = (await (await Operator.GetAsync($"/api/{Tenant}/indicators/{Ids[code]}")).Json(HttpStatusCode.OK))["version"]!
            .GetValue<int>();
        for (var q = 1; q <= 4; q++)
        {
            (await Operator.PutJson($"{url}/{q}", new
            {
                expectedVersion = version++, value = values[q - 1], budgetRealized = budget?[q - 1],
                evidence = $"Laporan TW {q} 2024", supportingFactors = "Koordinasi lintas sektor",
                inhibitingFactors = "Cuaca", followUp = "Monitoring",
            })).StatusCode.ShouldBe(HttpStatusCode.OK);
            if (q <= 2)
                (await Verifier.PostJson($"{url}/{q}/verification", new { expectedVersion = version++ }))
                    .StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    public async Task<JsonNode> Capaian(int month)
    {
        var response = await Analyst.GetAsync($"{Base}/capaian?month={month}&consistent=true");
        response.Headers.GetValues("X-Read-Model-Current").ShouldBe(["true"]);
        return await response.Json(HttpStatusCode.OK);
    }

    public static JsonNode Indicator(JsonNode capaian, string code) =>
        capaian["indicators"]!.AsArray().Single(i => i!["code"]!.GetValue<string>() == code)!;
}
