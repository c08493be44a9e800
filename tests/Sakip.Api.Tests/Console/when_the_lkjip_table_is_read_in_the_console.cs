using System.Net;
using Sakip.Api.Tests.Renstra;

namespace Sakip.Api.Tests.Console;

/// <summary>The Renstra's LKjIP table, read-only in the console: the API's figures, under its read rule.</summary>
[Collection(SakipCollection.Name)]
public sealed class when_the_lkjip_table_is_read_in_the_console(SakipApp app)
{
    [Fact]
    public async Task the_home_page_links_it_and_it_shows_every_iku_with_the_apis_targets_and_capaian()
    {
        var lb = await new LampungBarat2018(app).Established();
        await app.WaitForProjections(TimeSpan.FromSeconds(30));
        var client = await ConsoleClient.SignIn(app, lb.Tenant, "analyst");
        var home = await client.Page($"/console/{lb.Tenant}");
        var link = home.QuerySelector("[aria-labelledby=renstra-title] a")!.GetAttribute("href")!;
        link.ShouldStartWith($"/console/{lb.Tenant}/opds/{LampungBarat2018.Opd}/renstra/2018-2022/lkjip?year=");

        var page = await client.Page($"/console/{lb.Tenant}/opds/{LampungBarat2018.Opd}/renstra/2018-2022/lkjip?year=2019");
        var api = await (await lb.Inspector.GetAsync($"{lb.Url}/lkjip?year=2019")).Json(HttpStatusCode.OK);
        var rows = page.QuerySelectorAll("[aria-labelledby=lkjip] tbody tr");
        rows.Length.ShouldBe(api["rows"]!.AsArray().Count);
        rows.Length.ShouldBeGreaterThan(0);
        var first = api["rows"]![0]!;
        var shown = rows.Single(r => r.QuerySelector("th")!.Text() == first["code"]!.GetValue<string>());
        shown.Text().ShouldContain(first["indicator"]!.GetValue<string>());
        page.QuerySelectorAll("[aria-labelledby=lkjip] thead th[scope=colgroup]").Select(h => h.Text()).ShouldBe(["2018", "2019"]);

        var stranger = await ConsoleClient.SignIn(app, lb.Tenant, "operator", opd: "bappeda");
        await stranger.Page($"/console/{lb.Tenant}/opds/{LampungBarat2018.Opd}/renstra/2018-2022/lkjip?year=2019", HttpStatusCode.Forbidden);
        await client.Page($"/console/{lb.Tenant}/opds/{LampungBarat2018.Opd}/renstra/2018-2022/lkjip?year=2017", HttpStatusCode.BadRequest);
    }
}
