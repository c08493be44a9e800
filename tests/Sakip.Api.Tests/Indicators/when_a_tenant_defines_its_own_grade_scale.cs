using System.Net;

namespace Sakip.Api.Tests.Indicators;

[Collection(SakipCollection.Name)]
public sealed class when_a_tenant_defines_its_own_grade_scale(SakipApp app)
{
    [Fact]
    public async Task indicators_grade_on_it_and_grades_off_it_are_refused()
    {
        var plan = await new Buleleng2022(app).Drafted();
        (await plan.Admin.PutJson($"/api/{plan.Tenant}/grade-scales/kategori-ikm",
            new { grades = new[] { "Tidak Baik", "Kurang Baik", "Baik", "Sangat Baik" } })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var scales = await (await plan.Planner.GetAsync($"/api/{plan.Tenant}/grade-scales")).Json(HttpStatusCode.OK);
        scales.AsArray().Select(s => s!["name"]!.GetValue<string>()).ShouldBe(["predikat-akip", "nilai", "kategori-ikm"]);

        var url = $"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022/indicators";
        var created = await (await plan.Planner.PostJson(url, new
        {
            code = "IKK-3", nodeCode = "2.17.01.2.01", name = "Kategori Indeks Kepuasan Masyarakat", unit = "kategori",
            aggregation = "last", schedule = "quarterly", valueKind = "grade", gradeScale = "kategori-ikm",
            annualTarget = "sangat baik", periodTargets = new object?[] { "-", "Baik", "-", "Sangat Baik" },
        })).Json(HttpStatusCode.Created);
        created["current"]!["annualTarget"]!.GetValue<string>().ShouldBe("Sangat Baik", "spelled as the scale spells it");

        var refused = await (await plan.Planner.PostJson(url, new
        {
            code = "IKK-4", nodeCode = "2.17.01.2.01", name = "Kategori lain", unit = "kategori", aggregation = "last",
            schedule = "quarterly", valueKind = "grade", gradeScale = "kategori-ikm",
            periodTargets = new object?[] { "-", "AA", "-", "-" },
        })).Problem(HttpStatusCode.BadRequest);
        refused.ErrorFields().ShouldBe(["periodTargets[2]"]);
        refused["detail"]!.GetValue<string>().ShouldContain("kategori-ikm");
    }

    [Fact]
    public async Task only_an_admin_defines_scales_and_a_name_is_never_redefined()
    {
        var tenant = SakipApp.NewTenant();
        await (await app.ClientFor(tenant, "planner").PutJson($"/api/{tenant}/grade-scales/x", new { grades = new[] { "C", "B" } }))
            .Problem(HttpStatusCode.Forbidden);
        var admin = app.ClientFor(tenant, "admin");
        (await admin.PutJson($"/api/{tenant}/grade-scales/x", new { grades = new[] { "C", "B" } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await admin.PutJson($"/api/{tenant}/grade-scales/x", new { grades = new[] { "C", "B", "A" } }))
            .Problem(HttpStatusCode.Conflict);
        await (await admin.PutJson($"/api/{tenant}/grade-scales/nilai", new { grades = new[] { "C", "B" } }))
            .Problem(HttpStatusCode.Conflict);
        (await admin.PutJson($"/api/{tenant}/grade-scales/y", new { grades = new[] { "B", "b" } }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
