using System.Net;
using MiniExcelLibs;
using Newtonsoft.Json.Linq;
using Sakip.Api.Tests.Contracts;
using Sakip.Api.Tests.Indicators;
using Snapshooter.Xunit;

namespace Sakip.Api.Tests.RencanaAksi;

[Collection(SakipCollection.Name)]
public sealed class when_the_rencana_aksi_is_printed(SakipApp app)
{
    private static async Task<Buleleng2022> Revised(SakipApp app)
    {
        var plan = await new Buleleng2022(app).Established();
        (await plan.Planner.PutJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/targets", new
        {
            expectedVersion = 3, annualTarget = 80m,
            periodTargets = new object?[] { null, null, 19.5m, null, null, 39m, null, null, 60m, null, null, 80m },
            revision = Buleleng2022.TargetRevision(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await plan.Admin.PutJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/budget", new
        {
            expectedVersion = 4, pagu = 80_000_000m,
            monthlyPlan = Buleleng2022.SimpanPinjamPlan.Take(11).Append(80_000_000m).ToArray(),
            revision = Buleleng2022.BudgetRevision(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return plan;
    }

    [Fact]
    public async Task the_json_shows_sections_per_level_with_murni_beside_perubahan()
    {
        var plan = await Revised(app);
        var document = await (await plan.Planner.GetAsync(
            $"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022/rencana-aksi?consistent=true")).Json(HttpStatusCode.OK);

        document["sections"]!.AsArray().Select(s => s!["eselon"]!.GetValue<string>()).ShouldBe(["Eselon II", "Eselon III"]);
        var eselonII = document["sections"]![0]!;
        eselonII["budgetTotal"]!.GetValue<decimal>().ShouldBe(80_000_000m);
        eselonII["budgetTotalMurni"]!.GetValue<decimal>().ShouldBe(75_144_905m);
        var row = eselonII["rows"]!.AsArray().Single(r => r!["indicatorCode"]?.GetValue<string>() == "IKU-1")!;
        row["annualTarget"]!["current"]!.GetValue<decimal>().ShouldBe(80m);
        row["annualTarget"]!["murni"]!.GetValue<decimal>().ShouldBe(78m);
        row["annualTarget"]!["revisedBy"]!["legalBasis"]!["number"]!.GetValue<string>().ShouldBe("800/456/PK-P/Disdagperinkop/2022");
        row["periodTargets"]![2]!["revisedBy"].ShouldBeNull("March was not revised");
        row["budget"]!["revisedBy"]!["kind"]!.GetValue<string>().ShouldBe("dppaPerubahan");

        Snapshot.Match(when_event_contracts_are_stored.Scrubbed(JToken.Parse(document.ToJsonString())), "rencana-aksi-json");
    }

    [Fact]
    public async Task the_workbook_has_a_sheet_per_level_laid_out_like_the_seed()
    {
        var plan = await Revised(app);
        var response = await plan.Planner.GetAsync(
            $"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022/rencana-aksi?format=xlsx&consistent=true");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var workbook = new MemoryStream(await response.Content.ReadAsByteArrayAsync());

        var sheets = MiniExcel.GetSheetNames(workbook);
        sheets.ShouldBe(["Eselon II", "Eselon III"]);
        var pinned = new JObject();
        foreach (var sheet in sheets)
        {
            workbook.Position = 0;
            // Below the title block and the header rows: one row per indicator, keyed by column letter.
            pinned[sheet] = new JArray(workbook.Query(useHeaderRow: false, sheetName: sheet, startCell: $"A{Sakip.Api.RencanaAksi.RencanaAksiWorkbook.FirstDataRow}")
                .Cast<IDictionary<string, object?>>().TakeWhile(r => r["C"] is not null)
                .Select(r => new JObject(r.Where(c => c.Value is not null).Select(c => new JProperty(c.Key, JToken.FromObject(c.Value!))))));
        }

        var iku = ((JArray)pinned["Eselon II"]!).Single(r => (string?)r["D"] == "Persentase Koperasi Aktif dan Sehat");
        ((string)iku["F"]!).ShouldBe("80 (murni: 78)");
        ((double)iku["I"]!).ShouldBe(19.5);
        Snapshot.Match(pinned, "rencana-aksi-xlsx");
    }
}
