using System.IO.Compression;
using System.Net;
using Sakip.Api.Tests.Indicators;

namespace Sakip.Api.Tests.Imports;

/// <summary>A small upload must not become gigabytes or a million rows: refused early, naming the file, storing nothing.</summary>
[Collection(SakipCollection.Name)]
public sealed class when_an_upload_is_a_bomb(SakipApp app)
{
    private static ByteArrayContent Workbook(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return content;
    }

    [Fact]
    public async Task a_sheet_with_more_rows_than_the_limit_is_refused()
    {
        var plan = await new Buleleng2022(app).Drafted();
        var events = await app.EventCount(plan.Tenant);
        var rows = Enumerable.Range(1, 20_001).Select(i => new Dictionary<string, object> { ["opd"] = "x", ["year"] = i });
        using var file = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(file, rows);

        var problem = await (await plan.Planner.PostAsync($"/api/{plan.Tenant}/imports/rencana-aksi", Workbook(file.ToArray())))
            .Problem(HttpStatusCode.BadRequest);
        problem.ErrorFields().ShouldBe(["file"]);
        problem["detail"]!.GetValue<string>().ShouldContain("more than 20000 rows");
        (await app.EventCount(plan.Tenant)).ShouldBe(events);
    }

    [Fact]
    public async Task a_workbook_that_unpacks_beyond_the_limit_is_refused_before_it_is_parsed()
    {
        var plan = await new Buleleng2022(app).Drafted();
        using var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 70; i++) await sheet.WriteAsync(zeros);
        }

        file.Length.ShouldBeLessThan(1024 * 1024);
        var problem = await (await plan.Admin.PostAsync($"/api/{plan.Tenant}/imports/realisasi", Workbook(file.ToArray())))
            .Problem(HttpStatusCode.BadRequest);
        problem.ErrorFields().ShouldBe(["file"]);
        problem["detail"]!.GetValue<string>().ShouldContain("unpacks to more than 64 MiB");
    }
}
