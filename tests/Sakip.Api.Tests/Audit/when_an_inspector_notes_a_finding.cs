using System.Net;
using Marten.Events;

namespace Sakip.Api.Tests.Audit;

[Collection(SakipCollection.Name)]
public sealed class when_an_inspector_notes_a_finding(SakipApp app)
{
    [Fact]
    public async Task the_note_is_an_event_in_the_trail_that_analysts_do_not_see()
    {
        var plan = await new Sakip.Api.Tests.Indicators.Buleleng2022(app).Established();
        (await plan.Planner.PutJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/targets", new
        {
            expectedVersion = 3, annualTarget = 78m, periodTargets = Sakip.Api.Tests.Indicators.Buleleng2022.KoperasiAktifTargets
                .Select((t, i) => i == 11 ? 80m : t).ToArray(),
            revision = Sakip.Api.Tests.Indicators.Buleleng2022.TargetRevision(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var tenant = plan.Tenant;
        var inspector = app.ClientFor(tenant, "inspector", userId: "insp-2", name: "Nengah Inspektur");
        (await inspector.PostJson($"/api/{tenant}/notes", new
        {
            about = "revision", target = "800/456/PK-P/Disdagperinkop/2022", opd = "disdagperinkop", year = 2022,
            text = "Target diturunkan setelah realisasi TW I di bawah target: minta penjelasan tertulis.", severity = "high",
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await inspector.PostJson($"/api/{tenant}/notes", new { about = "opd", target = "x", text = "", severity = "urgent" }))
            .Problem(HttpStatusCode.BadRequest);
        await (await app.ClientFor(tenant, "analyst").PostJson($"/api/{tenant}/notes",
            new { about = "event", target = "x", text = "y", severity = "low" })).Problem(HttpStatusCode.Forbidden);

        var notes = await (await inspector.GetAsync($"/api/{tenant}/notes?opd=disdagperinkop")).Json(HttpStatusCode.OK);
        var note = notes.AsArray().ShouldHaveSingleItem()!;
        note["severity"]!.GetValue<string>().ShouldBe("high");
        note["userName"]!.GetValue<string>().ShouldBe("Nengah Inspektur");

        await app.WaitForProjections(TimeSpan.FromSeconds(30));
        var trail = await (await inspector.GetAsync($"/api/{tenant}/audit?eventType=inspector_note_added")).Json(HttpStatusCode.OK);
        trail["entries"]!.AsArray().ShouldHaveSingleItem()!["eventType"]!.GetValue<string>().ShouldBe("inspector_note_added");
        var analystTrail = await (await app.ClientFor(tenant, "analyst").GetAsync($"/api/{tenant}/audit?eventType=inspector_note_added"))
            .Json(HttpStatusCode.OK);
        analystTrail["entries"]!.AsArray().ShouldBeEmpty();
        await (await app.ClientFor(tenant, "analyst").GetAsync($"/api/{tenant}/notes")).Problem(HttpStatusCode.Forbidden);
    }
}
