using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sakip.Api.Integrity;
using Sakip.Api.OpdYears;
using Sakip.Api.Realizations;
using Sakip.Api.Tests.Indicators;
using Sakip.Api.Indicators;

namespace Sakip.Api.Tests.RencanaAksi;

/// <summary>
/// The Rencana Aksi shows the plan, never the realizations, so its <c>asOf</c> replay leaves them in the database (most
/// of an OPD-year's events); its body stays byte-identical to the live one [<c>when_a_plan_is_replayed_at_any_instant</c>].
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_the_rencana_aksi_replays_only_what_it_shows(SakipApp app)
{
    [Fact]
    public async Task realizations_are_not_read()
    {
        var plan = await new Buleleng2022(app).Established();
        var operatorClient = app.ClientFor(plan.Tenant, "operator", userId: "op-01", name: "Wayan Operator", opd: Buleleng2022.Opd);
        (await operatorClient.PutJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations/3",
                new { expectedVersion = await plan.VersionOf(plan.KoperasiAktif), value = 12m, evidence = "RAT" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var keys = app.Factory.Services.GetRequiredService<IntegrityKeys>();
        await using var session = app.Store.QuerySession(plan.Tenant);

        var all = await OpdYearReplay.Events(session, keys, Buleleng2022.Opd, 2022, null, default);
        var planOnly = await OpdYearReplay.PlanEvents(session, keys, Buleleng2022.Opd, 2022, null, default);

        static bool Realization(object data) => data is RealizationSubmitted or RealizationVerified or RealizationReturned;
        all.Events.Any(e => Realization(e.Data)).ShouldBeTrue();
        planOnly.Events.Any(e => Realization(e.Data)).ShouldBeFalse();
        planOnly.Events.Select(e => e.Sequence).ShouldBe(all.Events.Where(e => !Realization(e.Data)).Select(e => e.Sequence));
    }
}
