using System.Net;
using System.Text.Json.Nodes;
using Marten.Events;
using Npgsql;
using Sakip.Api.Tests.Indicators;
using Sakip.Api.Tests.Integrity;

namespace Sakip.Api.Tests.Operations;

/// <summary>
/// A poisoned event: a verification of a period that was never reported, written straight into the event table
/// with the service's key (as an old version or a faulty tool of the service could have). The OPD-year projection
/// throws on it.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_a_projection_meets_a_poisoned_event(SakipApp app)
{
    private async Task<long> Poison(Buleleng2022 plan, int period)
    {
        var stream = "legacy-" + Guid.NewGuid().ToString("N");
        await app.Sql(plan.Tenant, "insert into sakip.mt_streams (id, type, version, timestamp, created, tenant_id, is_archived) " +
                                   "values ($1, null, 1, now(), now(), $2, false)", stream, plan.Tenant);
        // Authenticated with the service's key: poison from the service's own past, not a forgery (those are quarantined).
        return await app.InsertSealed(plan.Tenant, stream, 1, "realization_verified",
            "Sakip.Api.Indicators.RealizationVerified, Sakip.Api", System.Text.Json.JsonSerializer.Serialize(new
            {
                indicatorId = plan.KoperasiAktif, opd = Buleleng2022.Opd, year = Buleleng2022.Year, period, note = "tanpa laporan",
            }));
    }

    [Fact]
    public async Task it_is_skipped_and_reported_the_rest_goes_on_and_the_operator_can_replay_it()
    {
        var plan = await new Buleleng2022(app).Established();
        var operatorClient = app.ClientFor(plan.Tenant, "operator", userId: "op-01", opd: Buleleng2022.Opd);
        var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations";
        var version = await plan.VersionOf(plan.KoperasiAktif);
        (await operatorClient.PutJson($"{url}/3", new { expectedVersion = version, value = 19m, evidence = "RAT" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var poisoned = await Poison(plan, period: 6);

        // Written after the poison: must still reach the read model.
        (await operatorClient.PutJson($"{url}/9", new { expectedVersion = version + 1, value = 60m, evidence = "RAT" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var capaian = await (await plan.Admin.GetAsync(
            $"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/{Buleleng2022.Year}/capaian?month=9&consistent=true")).Json(HttpStatusCode.OK);
        var koperasi = capaian["indicators"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == plan.KoperasiAktif)!;
        koperasi["capaian"]!.GetValue<decimal>().ShouldBe(Math.Round(60m / 58.5m * 100, 2), koperasi.ToJsonString());

        var inspector = app.ClientFor(plan.Tenant, "inspector");
        var errors = (await (await inspector.GetAsync($"/api/{plan.Tenant}/operations/projection-errors")).Json(HttpStatusCode.OK)).AsArray();
        var error = errors.ShouldHaveSingleItem()!;
        error["projection"]!.GetValue<string>().ShouldBe("opd-year");
        error["sequence"]!.GetValue<long>().ShouldBe(poisoned);
        error["eventType"]!.GetValue<string>().ShouldBe("realization_verified");
        error["exceptionType"]!.GetValue<string>().ShouldBe("KeyNotFoundException");
        (await app.ClientFor(SakipApp.NewTenant(), "inspector").GetAsync($"/api/{plan.Tenant}/operations/projection-errors"))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var health = JsonNode.Parse(await app.ClientFor("ops", "system").GetStringAsync("/health/ready"))!["checks"]!["projection-daemon"]!;
        health["status"]!.GetValue<string>().ShouldBe("Degraded");
        health["description"]!.GetValue<string>().ShouldContain("opd-year");

        // The audit trail and the integrity chain took it like any other event.
        await app.WaitForProjections(TimeSpan.FromSeconds(30));
        var integrity = await (await inspector.GetAsync($"/api/{plan.Tenant}/integrity")).Json(HttpStatusCode.OK);
        integrity["status"]!.GetValue<string>().ShouldBe("valid");

        // The code still cannot apply it: the replay keeps it listed and the read model unchanged.
        var replay = await (await app.ClientFor(plan.Tenant, "admin").PostJson(
            $"/api/{plan.Tenant}/operations/projection-errors/replay", new { })).Json(HttpStatusCode.OK);
        replay["replayed"]!.GetValue<int>().ShouldBe(1);
        replay["resolved"]!.GetValue<int>().ShouldBe(0);
        replay["stillFailing"]!.AsArray().ShouldHaveSingleItem()!["sequence"]!.GetValue<long>().ShouldBe(poisoned);
        var after = await (await plan.Admin.GetAsync(
            $"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/{Buleleng2022.Year}/capaian?month=9")).Content.ReadAsStringAsync();
        after.ShouldContain(plan.KoperasiAktif);

        // A rebuild of the read side meets the same event: it is skipped there too, and the rebuild completes.
        var system = app.Client(app.Token(plan.Tenant, "system", "ops-01", "Operator Sistem"));
        (await system.PostAsync($"/system/read-side/rebuild?tenant={plan.Tenant}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.WaitForProjections(TimeSpan.FromSeconds(120));
        var rebuilt = await (await plan.Admin.GetAsync(
            $"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/{Buleleng2022.Year}/capaian?month=9&consistent=true")).Json(HttpStatusCode.OK);
        rebuilt["indicators"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == plan.KoperasiAktif)!["capaian"]!.GetValue<decimal>()
            .ShouldBe(Math.Round(60m / 58.5m * 100, 2));
    }

    [Fact]
    public async Task a_replay_keeps_sequence_order_so_a_later_report_does_not_absolve_an_earlier_poison()
    {
        var plan = await new Buleleng2022(app).Established();
        var operatorClient = app.ClientFor(plan.Tenant, "operator", userId: "op-01", opd: Buleleng2022.Opd);
        var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations";
        var version = await plan.VersionOf(plan.KoperasiAktif);

        // Poisoned now (period 3 not reported yet); the report arrives later. A replay folds the events in their
        // order, as a rebuild would, so the verification still comes first and still fails.
        var poisoned = await Poison(plan, period: 3);
        await app.WaitForProjections(TimeSpan.FromSeconds(30));
        (await operatorClient.PutJson($"{url}/3", new { expectedVersion = version, value = 19m, evidence = "RAT" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.WaitForProjections(TimeSpan.FromSeconds(30));
        var inspector = app.ClientFor(plan.Tenant, "inspector");
        (await (await inspector.GetAsync($"/api/{plan.Tenant}/operations/projection-errors")).Json(HttpStatusCode.OK))
            .AsArray().ShouldHaveSingleItem()!["sequence"]!.GetValue<long>().ShouldBe(poisoned);

        var replay = await (await app.ClientFor(plan.Tenant, "admin").PostJson(
            $"/api/{plan.Tenant}/operations/projection-errors/replay", new { })).Json(HttpStatusCode.OK);
        replay["stillFailing"]!.AsArray().ShouldHaveSingleItem();
        replay["resolved"]!.GetValue<int>().ShouldBe(0, "in sequence order the verification still precedes the report");
    }
}
