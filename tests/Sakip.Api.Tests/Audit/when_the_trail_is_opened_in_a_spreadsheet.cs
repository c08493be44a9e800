using System.Net;
using MiniExcelLibs;
using Sakip.Api.Tests.Indicators;

namespace Sakip.Api.Tests.Audit;

/// <summary>Text a user typed (codes, names, reasons, legal bases) never runs as a formula in the exported trail.</summary>
[Collection(SakipCollection.Name)]
public sealed class when_the_trail_is_opened_in_a_spreadsheet(SakipApp app)
{
    [Fact]
    public async Task csv_cells_that_start_like_a_formula_are_defused_and_xlsx_keeps_them_as_text()
    {
        var plan = await new Buleleng2022(app).Drafted();
        (await plan.Planner.PostJson($"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022/indicators", new
        {
            code = "=1+1", nodeCode = "2.17.02", name = "@SUM(A1)", unit = "%", aggregation = "last", schedule = "monthly",
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await plan.Admin.PutJson($"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/name",
            new { name = "Dinas Koperasi", expectedVersion = 1, reason = "-2+3" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.WaitForProjections(TimeSpan.FromSeconds(30));
        var inspector = app.ClientFor(plan.Tenant, "inspector");

        var csv = await (await inspector.GetAsync($"/api/{plan.Tenant}/audit?format=csv")).Content.ReadAsStringAsync();
        var cells = Sakip.Api.Imports.Csv.Parse(csv.TrimStart('\uFEFF')).SelectMany(r => r).ToList();
        cells.ShouldNotContain(c => c.Length > 0 && "=+-@\t\r".Contains(c[0]));
        cells.ShouldContain("'=1+1");
        cells.ShouldContain("'@SUM(A1)");
        cells.ShouldContain("'-2+3");

        var xlsx = await (await inspector.GetAsync($"/api/{plan.Tenant}/audit?format=xlsx")).Content.ReadAsByteArrayAsync();
        var rows = new MemoryStream(xlsx).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        rows.ShouldContain(r => Equals(r["indicator_code"], "=1+1"));
    }
}
