using System.Net;
using Sakip.Api.Tests.Indicators;

namespace Sakip.Api.Tests.Audit;

/// <summary>A note is about something of this tenant: an event, an indicator or a revision that exists.</summary>
[Collection(SakipCollection.Name)]
public sealed class when_an_inspector_notes_something_that_is_not_there(SakipApp app)
{
    private static object Note(string about, string? target, string? opd = null, int? year = null) =>
        new { about, target, opd, year, text = "Perlu klarifikasi", severity = "medium" };

    [Fact]
    public async Task a_missing_unknown_or_foreign_target_an_unknown_opd_or_a_year_out_of_range_is_a_400()
    {
        var plan = await new Buleleng2022(app).Established();
        var inspector = app.ClientFor(plan.Tenant, "inspector", userId: "ins-1");
        var url = $"/api/{plan.Tenant}/notes";
        var events = await app.EventCount(plan.Tenant);
        (await (await inspector.PostJson(url, Note("indicator", null))).Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain("target");
        (await (await inspector.PostJson(url, Note("indicator", Guid.NewGuid().ToString()))).Problem(HttpStatusCode.BadRequest))
            .ErrorFields().ShouldBe(["target"]);
        (await (await inspector.PostJson(url, Note("indicator", "../x"))).Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["target"]);
        (await (await inspector.PostJson(url, Note("indicator", "IKU-1", "dinas-hantu", 2022))).Problem(HttpStatusCode.BadRequest))
            .ErrorFields().ShouldBe(["target"]);
        (await (await inspector.PostJson(url, Note("indicator", plan.KoperasiAktif, "../x"))).Problem(HttpStatusCode.BadRequest))
            .ErrorFields().ShouldBe(["opd"]);
        foreach (var year in new[] { -1, 99999 })
            (await (await inspector.PostJson(url, Note("indicator", plan.KoperasiAktif, year: year))).Problem(HttpStatusCode.BadRequest))
                .ErrorFields().ShouldBe(["year"]);
        (await (await inspector.PostJson(url, Note("revision", "800/999/X/2022", Buleleng2022.Opd, 2022))).Problem(HttpStatusCode.BadRequest))
            .ErrorFields().ShouldBe(["target"]);

        var stranger = SakipApp.NewTenant();
        (await (await app.ClientFor(stranger, "inspector").PostJson($"/api/{stranger}/notes", Note("indicator", plan.KoperasiAktif)))
            .Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["target"]);
        (await app.EventCount(plan.Tenant)).ShouldBe(events);
        (await app.EventCount(stranger)).ShouldBe(0);
    }

    [Fact]
    public async Task a_note_about_an_existing_indicator_by_id_or_code_takes_its_opd_and_year()
    {
        var plan = await new Buleleng2022(app).Established();
        var inspector = app.ClientFor(plan.Tenant, "inspector", userId: "ins-1");
        (await inspector.PostJson($"/api/{plan.Tenant}/notes", Note("indicator", plan.KoperasiAktif)))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await inspector.PostJson($"/api/{plan.Tenant}/notes", Note("indicator", "IKU-1", Buleleng2022.Opd, 2022)))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var notes = await (await inspector.GetAsync($"/api/{plan.Tenant}/notes?opd={Buleleng2022.Opd}")).Json(HttpStatusCode.OK);
        notes.AsArray().Count.ShouldBe(2);
        notes.AsArray().ShouldAllBe(n => n!["year"]!.GetValue<int>() == 2022);
    }
}
