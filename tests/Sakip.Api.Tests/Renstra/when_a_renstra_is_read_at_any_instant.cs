using System.Net;
using Sakip.Api.Demo;

namespace Sakip.Api.Tests.Renstra;

[Collection(SakipCollection.Name)]
public sealed class when_a_renstra_is_read_at_any_instant(SakipApp app)
{
    private sealed record Moment(string Name, DateTimeOffset At, IReadOnlyDictionary<string, string> Bodies);

    private static string[] Reads(LampungBarat2018 lb) => [lb.Url, $"{lb.Url}/cascade", $"{lb.Url}/lkjip?year=2020"];

    private static async Task<Moment> Record(LampungBarat2018 lb, string name)
    {
        var bodies = new Dictionary<string, string>();
        foreach (var url in Reads(lb))
        {
            var response = await lb.Inspector.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            bodies[url] = await response.Content.ReadAsStringAsync();
        }

        var at = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        return new Moment(name, at, bodies);
    }

    [Fact]
    public async Task every_read_as_of_an_instant_is_byte_identical_to_the_live_read_then()
    {
        var lb = new LampungBarat2018(app);
        var moments = new List<Moment>();
        await lb.Imported();
        moments.Add(await Record(lb, "draft"));

        (await lb.Planner.PostJson($"{lb.Url}/signing", new
        {
            expectedVersion = await lb.Version(), legalBasis = new { type = "SK Kepala Dinas", number = "060/45/KPTS/2020", date = "2020-01-20" },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        moments.Add(await Record(lb, "established"));

        var iku = await lb.Indicator("IKU-1");
        var id = iku["id"]!.GetValue<string>();
        (await lb.Operator.PutJson($"/api/{lb.Tenant}/renstra-indicators/{id}/realizations/2019", new
        {
            expectedVersion = iku["version"]!.GetValue<int>(), value = 16, evidence = "LKjIP 2019",
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        moments.Add(await Record(lb, "reported"));

        (await lb.Planner.PutJson($"/api/{lb.Tenant}/renstra-indicators/{id}/targets", new
        {
            expectedVersion = iku["version"]!.GetValue<int>() + 1,
            targets = new object[] { new { year = 2018, target = "11 Kop" }, new { year = 2019, target = "17 Kop" },
                new { year = 2020, target = "21 Kop" }, new { year = 2021, target = "23 Kop" }, new { year = 2022, target = "25 Kop" } },
            revision = LampungBarat2018.Revision([2020]),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        moments.Add(await Record(lb, "perubahan"));

        (await LampungBarat2018.Upload(lb.Planner, $"/api/{lb.Tenant}/imports/rencana-aksi",
            File.ReadAllText(Path.Combine(DemoData.SamplesDirectory, "rencana-aksi-lampung-barat-2020.csv")))).StatusCode.ShouldBe(HttpStatusCode.OK);
        moments.Add(await Record(lb, "cascaded"));

        moments.Select(m => m.Bodies[lb.Url]).Distinct().Count().ShouldBe(4, "the annual plan changes the cascade, not the Renstra");
        moments.Select(m => m.Bodies[$"{lb.Url}/cascade"]).Distinct().Count().ShouldBe(4, "the signing changes the Renstra, not its cascade");
        moments.Select(m => m.Bodies[$"{lb.Url}/lkjip?year=2020"]).Distinct().Count().ShouldBe(5);
        foreach (var moment in moments)
        foreach (var (url, live) in moment.Bodies)
        {
            var separator = url.Contains('?') ? '&' : '?';
            var replayed = await (await lb.Inspector.GetAsync($"{url}{separator}asOf={Uri.EscapeDataString(moment.At.ToString("O"))}"))
                .Content.ReadAsStringAsync();
            replayed.ShouldBe(live, $"{url} as of the {moment.Name} moment");
        }
    }
}
