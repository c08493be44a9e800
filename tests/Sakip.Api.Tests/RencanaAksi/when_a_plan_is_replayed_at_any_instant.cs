using System.Net;
using Sakip.Api.Tests.Indicators;

namespace Sakip.Api.Tests.RencanaAksi;

[Collection(SakipCollection.Name)]
public sealed class when_a_plan_is_replayed_at_any_instant(SakipApp app)
{
    private sealed record Moment(string Name, DateTimeOffset At, IReadOnlyDictionary<string, string> Bodies);

    private static string[] Reads(Buleleng2022 plan) =>
    [
        $"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022/rencana-aksi",
        $"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022/capaian?month=6",
        $"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022/laporan-capaian?month=12",
        $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}",
    ];

    private async Task<Moment> Record(Buleleng2022 plan, string name)
    {
        var bodies = new Dictionary<string, string>();
        foreach (var url in Reads(plan))
        {
            var separator = url.Contains('?') ? '&' : '?';
            var response = await plan.Planner.GetAsync($"{url}{separator}consistent=true");
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
        var plan = new Buleleng2022(app);
        var moments = new List<Moment>();
        await plan.Drafted();
        moments.Add(await Record(plan, "draft"));

        var planVersion = (await (await plan.Planner.GetAsync(plan.PlanUrl)).Json(HttpStatusCode.OK))["version"]!.GetValue<int>();
        (await plan.Planner.PostJson($"{plan.PlanUrl}/agreement", new
        {
            expectedVersion = planVersion, documentNumber = "800/123/PK/Disdagperinkop/2022", signedOn = "2022-02-01",
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        moments.Add(await Record(plan, "established"));

        var op = app.ClientFor(plan.Tenant, "operator", opd: Buleleng2022.Opd);
        var verifier = app.ClientFor(plan.Tenant, "verifier", userId: "ver-01", opd: Buleleng2022.Opd);
        var realizations = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations";
        (await op.PutJson($"{realizations}/3", new { expectedVersion = 3, value = 19m, budgetRealized = 18_000_000m, evidence = "RAT Maret" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await op.PutJson($"{realizations}/6", new { expectedVersion = 4, value = 40m, budgetRealized = 36_000_000m, evidence = "RAT Juni" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        moments.Add(await Record(plan, "realized"));

        (await plan.Planner.PutJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/targets", new
        {
            expectedVersion = 5, annualTarget = 80m,
            periodTargets = new object?[] { null, null, 19.5m, null, null, 39m, null, null, 60m, null, null, 80m },
            revision = Buleleng2022.TargetRevision(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        moments.Add(await Record(plan, "perubahan"));

        (await verifier.PostJson($"{realizations}/6/verification", new { expectedVersion = 6 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await op.PutJson($"{realizations}/6", new
        {
            expectedVersion = 7, value = 38.5m, budgetRealized = 36_000_000m, evidence = "RAT Juni (revisi)", correctionReason = "Data ganda",
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        moments.Add(await Record(plan, "corrected"));

        planVersion = (await (await plan.Planner.GetAsync(plan.PlanUrl)).Json(HttpStatusCode.OK))["version"]!.GetValue<int>();
        (await plan.Admin.PostJson($"{plan.PlanUrl}/closure", new { expectedVersion = planVersion, reason = "Tutup buku" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await plan.Admin.PostJson($"{plan.PlanUrl}/reopening", new
        {
            expectedVersion = planVersion + 1, reason = "Temuan BPK",
            legalBasis = new { type = "LHP BPK", number = "12/LHP/2023", date = "2023-05-20" },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        moments.Add(await Record(plan, "reopened"));

        moments.Select(m => m.Bodies.Values.First()).Distinct().Count().ShouldBe(4,
            "the Rencana Aksi changes with the draft, the signing, the Perubahan and the reopening, not with realizations");
        foreach (var moment in moments)
        foreach (var (url, live) in moment.Bodies)
        {
            var separator = url.Contains('?') ? '&' : '?';
            var asOf = Uri.EscapeDataString(moment.At.ToString("O"));
            var replayed = await (await plan.Planner.GetAsync($"{url}{separator}asOf={asOf}")).Content.ReadAsStringAsync();
            replayed.ShouldBe(live, $"{url} as of the {moment.Name} moment");
        }
    }

    [Fact]
    public async Task an_indicator_can_be_read_at_a_version()
    {
        var plan = await new Buleleng2022(app).Established();
        (await plan.Planner.PutJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/targets", new
        {
            expectedVersion = 3, annualTarget = 80m,
            periodTargets = new object?[] { null, null, 19.5m, null, null, 39m, null, null, 60m, null, null, 80m },
            revision = Buleleng2022.TargetRevision(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}";

        var v3 = await (await plan.Planner.GetAsync($"{url}?asOfVersion=3")).Json(HttpStatusCode.OK);
        v3["version"]!.GetValue<int>().ShouldBe(3);
        v3["current"]!["annualTarget"]!.GetValue<decimal>().ShouldBe(78m);
        var v4 = await (await plan.Planner.GetAsync($"{url}?asOfVersion=4")).Json(HttpStatusCode.OK);
        v4["current"]!["annualTarget"]!.GetValue<decimal>().ShouldBe(80m);
        await (await plan.Planner.GetAsync($"{url}?asOf=2000-01-01T00:00:00Z")).Problem(HttpStatusCode.NotFound);
        await (await plan.Planner.GetAsync($"{url}?asOf=yesterday")).Problem(HttpStatusCode.BadRequest);
    }
}
