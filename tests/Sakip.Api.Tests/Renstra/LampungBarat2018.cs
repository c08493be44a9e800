using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sakip.Api.Demo;

namespace Sakip.Api.Tests.Renstra;

/// <summary>
/// The Renstra 2018-2022 of Dinas Koperasi UKM, Perindustrian dan Perdagangan, Kabupaten Lampung Barat (seed
/// 004_f78414c98d139f18.txt), imported from samples/ into a tenant of its own, as its planner would.
/// </summary>
public sealed class LampungBarat2018(SakipApp app)
{
    public const string Opd = "diskopukmperindag";
    public const string SampleFile = "renstra-lampung-barat-2018-2022.csv";
    public string Tenant { get; } = SakipApp.NewTenant();
    public HttpClient Planner => app.ClientFor(Tenant, "planner", userId: "pln-lb", name: "Nyoman Perencana", opd: Opd);
    public HttpClient Operator => app.ClientFor(Tenant, "operator", userId: "op-lb", name: "Ketut Operator", opd: Opd);
    public HttpClient Inspector => app.ClientFor(Tenant, "inspector", userId: "insp-lb", name: "Made Inspektur");
    public HttpClient Admin => app.ClientFor(Tenant, "admin", userId: "adm-lb", name: "Wayan Bappeda");
    public string Url => $"/api/{Tenant}/opds/{Opd}/renstra/2018-2022";
    public string ImportUrl => $"/api/{Tenant}/imports/renstra";

    public static string Sample() => File.ReadAllText(Path.Combine(DemoData.SamplesDirectory, SampleFile));

    public static Task<HttpResponseMessage> Upload(HttpClient client, string url, string csv, string fileName = SampleFile)
    {
        var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        content.Headers.Add("X-File-Name", fileName);
        return client.PostAsync(url, content);
    }

    public async Task<LampungBarat2018> Registered()
    {
        (await Admin.PostJson($"/api/{Tenant}/opds", new
        {
            code = Opd, name = "Dinas Koperasi UKM, Perindustrian dan Perdagangan", urusanCodes = new[] { "2.17", "3.30", "3.31" },
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        return this;
    }

    public async Task<JsonNode> Imported()
    {
        await Registered();
        var report = await (await Upload(Planner, $"{ImportUrl}?numberFormat=en", Sample())).Json(HttpStatusCode.OK);
        report["stored"]!.GetValue<bool>().ShouldBeTrue();
        return report;
    }

    public async Task<LampungBarat2018> Established()
    {
        await Imported();
        (await Planner.PostJson($"{Url}/signing", new
        {
            expectedVersion = await Version(), legalBasis = new { type = "SK Kepala Dinas", number = "060/45/KPTS/2020", date = "2020-01-20" },
            signedBy = new { position = "Kepala Dinas" },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return this;
    }

    public async Task<JsonNode> Read(HttpClient? client = null) => await (await (client ?? Planner).GetAsync(Url)).Json(HttpStatusCode.OK);

    public async Task<int> Version() => (await Read())["version"]!.GetValue<int>();

    /// <summary>An IKU or IKI of the Renstra by its code, as GET .../renstra/2018-2022 shows it.</summary>
    public async Task<JsonNode> Indicator(string code)
    {
        var renstra = await Read();
        return renstra["iku"]!.AsArray().Concat(renstra["positions"]!.AsArray().SelectMany(p => p!["indicators"]!.AsArray()))
            .Single(i => i!["code"]!.GetValue<string>() == code)!;
    }

    public static object Revision(int[] years, string date = "2021-03-01", bool acknowledge = false) => new
    {
        kind = "renstraPerubahan",
        legalBasis = new { type = "SK Kepala Dinas", number = $"060/12/KPTS/{date}", date },
        reason = "Renstra Perubahan setelah evaluasi paruh waktu", years, acknowledgeRealizedYears = acknowledge,
    };
}
