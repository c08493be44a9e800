using System.Net;
using Sakip.Api.Tests.Indicators;
using Sakip.Api.Tests.Integrity;

namespace Sakip.Api.Tests.Console;

/// <summary>
/// A page or a printed document of an OPD-year whose record failed verification says so where a reader sees it (and
/// on paper: in the title block), as the API's reports say it in their headers; an untouched record says nothing.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_the_record_behind_a_page_failed_verification(SakipApp app)
{
    private const string Warning = "gagal diverifikasi";

    [Fact]
    public async Task the_opd_year_page_and_both_print_views_say_so()
    {
        var plan = await new Buleleng2022(app).Established();
        var inspector = await ConsoleClient.SignIn(app, plan.Tenant, "inspector");
        var pages = new[] { "", "/rencana-aksi", "/laporan-capaian?month=12" }
            .Select(p => $"/console/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/{Buleleng2022.Year}{p}").ToList();
        await app.WaitForProjections(TimeSpan.FromSeconds(60));
        foreach (var page in pages)
        {
            var response = await inspector.GetAsync(page);
            var html = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, page + " " + html);
            html.ShouldNotContain(Warning, customMessage: page);
        }

        var events = await app.Events(plan.Tenant);
        var target = events.Last(e => e.Stream == "ind:" + plan.KoperasiAktif);
        await app.Sql(plan.Tenant, "update sakip.mt_events set headers = jsonb_set(headers, '{user_name}', '\"Someone Else\"') where seq_id = $1",
            target.Sequence);
        (await (await app.ClientFor(plan.Tenant, "inspector").GetAsync($"/api/{plan.Tenant}/integrity")).Json(HttpStatusCode.OK))
            ["status"]!.GetValue<string>().ShouldNotBe("valid");

        foreach (var page in pages)
        {
            var html = await (await inspector.GetAsync(page)).Content.ReadAsStringAsync();
            html.ShouldContain(Warning, customMessage: page);
        }
    }
}
