using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sakip.Api.Tests.Indicators;

namespace Sakip.Api.Tests.Integrity;

/// <summary>
/// The Inspektorat's case: someone with write access to PostgreSQL but not the service's key changes the record of a
/// signed 2022 plan. Whatever they do is reported at the right event, never reaches Laporan Capaian, capaian, Rencana
/// Aksi, the audit trail or an as-of replay, and every report of the OPD-year says its record failed verification.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed partial class when_a_plan_is_forged_in_the_database(SakipApp app)
{
    /// <summary>The forged value as a number or a text of its own (not three nines inside an id).</summary>
    [GeneratedRegex("(?<![0-9A-Za-z-])999(?![0-9A-Za-z-])")]
    private static partial Regex Forged();

    private sealed record Recorded(Buleleng2022 Plan, HttpClient Inspector, List<(long Sequence, string Stream, long Version, string Type)> Events)
    {
        public string Stream => "ind:" + Plan.KoperasiAktif;
        public string Reports => $"/api/{Plan.Tenant}/opds/{Buleleng2022.Opd}/years/{Buleleng2022.Year}";
    }

    /// <summary>An established plan with realizations of March (12) and June (30) of Persentase Koperasi Aktif.</summary>
    private async Task<Recorded> Realized()
    {
        var plan = await new Buleleng2022(app).Established();
        var operatorClient = app.ClientFor(plan.Tenant, "operator", userId: "op-01", name: "Wayan Operator", opd: Buleleng2022.Opd);
        var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations";
        var version = await plan.VersionOf(plan.KoperasiAktif);
        (await operatorClient.PutJson($"{url}/3", new { expectedVersion = version, value = 12m, evidence = "RAT 2022" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await operatorClient.PutJson($"{url}/6", new { expectedVersion = version + 1, value = 30m, evidence = "RAT 2022" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.WaitForProjections(TimeSpan.FromSeconds(60));
        return new Recorded(plan, app.ClientFor(plan.Tenant, "inspector", userId: "ins-01", name: "Komang Inspektur"), await app.Events(plan.Tenant));
    }

    private static async Task<JsonNode> Verify(Recorded r) =>
        await (await r.Inspector.GetAsync($"/api/{r.Plan.Tenant}/integrity")).Json(HttpStatusCode.OK);

    /// <summary>Every report of the OPD-year, live and as of now: none holds 999, each says the record failed verification.</summary>
    private async Task NoReportHolds999AndEachSaysSo(Recorded r)
    {
        var now = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"));
        var tenant = r.Plan.Tenant;
        foreach (var url in new[]
                 {
                     $"{r.Reports}/capaian?month=12&consistent=true", $"{r.Reports}/capaian?month=12&asOf={now}",
                     $"{r.Reports}/laporan-capaian?month=12&consistent=true", $"{r.Reports}/laporan-capaian?month=12&asOf={now}",
                     $"{r.Reports}/rencana-aksi?consistent=true", $"{r.Reports}/rencana-aksi?asOf={now}",
                     $"/api/{tenant}/audit?limit=500", $"/api/{tenant}/audit?opd={Buleleng2022.Opd}&year=2022&limit=500",
                     $"/api/{tenant}/indicators/{r.Plan.KoperasiAktif}?asOf={now}", $"/api/{tenant}/indicators/{r.Plan.KoperasiAktif}/history",
                     $"{r.Reports}/changes?from=2000-01-01T00:00:00Z", $"{r.Reports}/revisions",
                 })
        {
            var response = await r.Inspector.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, url + " " + body);
            Forged().IsMatch(body).ShouldBeFalse(url + " holds 999: " + body);
            response.Headers.GetValues("X-Record-Integrity").Single().ShouldBe("failed", url);
            response.Headers.GetValues("X-Record-Integrity-Detail").Single().ShouldContain("finding", customMessage: url);
        }

        var workbook = await r.Inspector.GetAsync($"{r.Reports}/laporan-capaian?month=12&format=xlsx");
        workbook.Headers.GetValues("X-Record-Integrity").Single().ShouldBe("failed");
    }

    private static async Task<JsonNode> Koperasi(Recorded r, string query)
    {
        var capaian = await (await r.Inspector.GetAsync($"{r.Reports}/capaian?month=12&{query}")).Json(HttpStatusCode.OK);
        return capaian["indicators"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == r.Plan.KoperasiAktif)!;
    }

    [Fact]
    public async Task a_copied_realization_with_the_next_version_is_quarantined_and_reaches_no_report()
    {
        var r = await Realized();
        var original = r.Events.Last(e => e.Stream == r.Stream && e.Type == "realization_submitted");
        var before = await Verify(r);
        before["status"]!.GetValue<string>().ShouldBe("valid", before.ToJsonString());

        // A copy of the June realization, value 999, the next version, the original's headers (user, role, correlation
        // id, authenticator); the stream's version bumped so the next write does not trip over it.
        await app.Sql(r.Plan.Tenant, """
            insert into sakip.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type,
                                         is_archived, headers, correlation_id, causation_id, user_name)
            select nextval('sakip.mt_events_sequence'), gen_random_uuid(), stream_id, version + 1,
                   jsonb_set(data, '{value,number}', '999'), type, now(), tenant_id, mt_dotnet_type, false, headers,
                   correlation_id, causation_id, user_name
            from sakip.mt_events where tenant_id = $1 and seq_id = $2
            """, r.Plan.Tenant, original.Sequence);
        await app.Sql(r.Plan.Tenant, "update sakip.mt_streams set version = version + 1 where tenant_id = $1 and id = $2",
            r.Plan.Tenant, r.Stream);
        var forged = (await app.Events(r.Plan.Tenant)).Last();
        await app.WaitForProjections(TimeSpan.FromSeconds(60));

        // The operator's next realization does not build on the forged one.
        (await app.ClientFor(r.Plan.Tenant, "operator", userId: "op-01", opd: Buleleng2022.Opd).PutJson(
                $"/api/{r.Plan.Tenant}/indicators/{r.Plan.KoperasiAktif}/realizations/9",
                new { expectedVersion = forged.Version, value = 40m, evidence = "RAT 2022" }))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var report = await Verify(r);
        report["status"]!.GetValue<string>().ShouldBe("broken");
        report["firstMismatch"]!["sequence"]!.GetValue<long>().ShouldBe(forged.Sequence);
        report["firstMismatch"]!["kind"]!.GetValue<string>().ShouldBe("unauthenticated");
        report["quarantined"]!.GetValue<int>().ShouldBe(1);
        report["checked"]!.GetValue<int>().ShouldBe(r.Events.Count, "every authentic event still verifies");
        (await app.Scalar<long>(r.Plan.Tenant, "select count(*) from sakip.mt_doc_integritylink where tenant_id = $1 and (data->>'sequence')::bigint = $2",
            r.Plan.Tenant, forged.Sequence)).ShouldBe(0, "the chain never links it");

        (await Koperasi(r, "consistent=true"))["periods"]![5]!["realized"]!.GetValue<decimal>().ShouldBe(30m);
        await NoReportHolds999AndEachSaysSo(r);
        var audit = await (await r.Inspector.GetAsync($"/api/{r.Plan.Tenant}/audit?limit=500")).Json(HttpStatusCode.OK);
        audit["entries"]!.AsArray().ShouldNotContain(e => e!["sequence"]!.GetValue<long>() == forged.Sequence);

        var quarantine = await (await r.Inspector.GetAsync($"/api/{r.Plan.Tenant}/operations/quarantine")).Json(HttpStatusCode.OK);
        var held = quarantine["quarantinedEvents"]!.AsArray().ShouldHaveSingleItem()!;
        held["sequence"]!.GetValue<long>().ShouldBe(forged.Sequence);
        held["data"]!.GetValue<string>().ShouldContain("999");
        held["finding"]!["scopes"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldContain($"{Buleleng2022.Opd}:2022");
        (await app.ClientFor(r.Plan.Tenant, "analyst").GetAsync($"/api/{r.Plan.Tenant}/operations/quarantine"))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var health = JsonNode.Parse(await app.ClientFor("ops", "system").GetStringAsync("/health/ready"))!["checks"]!["integrity"]!;
        health["status"]!.GetValue<string>().ShouldBe("Degraded");
        health["detail"]!["quarantinedEvents"]![r.Plan.Tenant]!.GetValue<int>().ShouldBe(1);

        // Another OPD-year of the tenant is not concerned.
        (await r.Plan.Planner.PostAsync($"/api/{r.Plan.Tenant}/opds/{Buleleng2022.Opd}/years/2023/plan", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var other = await r.Inspector.GetAsync($"/api/{r.Plan.Tenant}/opds/{Buleleng2022.Opd}/years/2023/capaian?consistent=true");
        other.StatusCode.ShouldBe(HttpStatusCode.OK);
        other.Headers.GetValues("X-Record-Integrity").Single().ShouldBe("verified");
    }

    [Fact]
    public async Task an_edited_realization_is_reported_at_that_event_and_its_new_value_reaches_no_report()
    {
        var r = await Realized();
        var june = r.Events.Last(e => e.Stream == r.Stream && e.Type == "realization_submitted");
        await app.Sql(r.Plan.Tenant, "update sakip.mt_events set data = jsonb_set(data, '{value,number}', '999') where seq_id = $1",
            june.Sequence);

        var report = await Verify(r);
        report["firstMismatch"]!["sequence"]!.GetValue<long>().ShouldBe(june.Sequence, report.ToJsonString() + string.Join(";", r.Events));
        report["firstMismatch"]!["kind"]!.GetValue<string>().ShouldBe("unauthenticated");
        await NoReportHolds999AndEachSaysSo(r);
        // The replay leaves the edited event out altogether: June has no realization as of now.
        var asOf = await Koperasi(r, "asOf=" + Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O")));
        asOf["periods"]![5]!["realized"].ShouldBeNull(asOf.ToJsonString());
        asOf["periods"]![2]!["realized"]!.GetValue<decimal>().ShouldBe(12m);
    }

    [Fact]
    public async Task a_deleted_event_in_the_middle_of_a_stream_is_reported_where_it_was()
    {
        var r = await Realized();
        var march = r.Events.First(e => e.Stream == r.Stream && e.Type == "realization_submitted");
        await app.Sql(r.Plan.Tenant, "delete from sakip.mt_events where seq_id = $1", march.Sequence);

        var report = await Verify(r);
        report["firstMismatch"]!["sequence"]!.GetValue<long>().ShouldBe(march.Sequence);
        report["firstMismatch"]!["kind"]!.GetValue<string>().ShouldBe("deleted");
        var findings = report["findings"]!.AsArray();
        findings.ShouldContain(f => f!["kind"]!.GetValue<string>() == "version-gap" && f["stream"]!.GetValue<string>() == r.Stream);

        // With its link gone too, the next link no longer follows: reported at the next event.
        await app.Sql(r.Plan.Tenant, "delete from sakip.mt_doc_integritylink where tenant_id = $1 and (data->>'sequence')::bigint = $2",
            r.Plan.Tenant, march.Sequence);
        var next = r.Events.First(e => e.Sequence > march.Sequence);
        var without = await Verify(r);
        without["firstMismatch"]!["sequence"]!.GetValue<long>().ShouldBe(next.Sequence);
        without["firstMismatch"]!["reason"]!.GetValue<string>().ShouldContain("deleted");

        var capaian = await r.Inspector.GetAsync($"{r.Reports}/capaian?month=12&asOf={Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"))}");
        capaian.Headers.GetValues("X-Record-Integrity").Single().ShouldBe("failed");
    }

    [Fact]
    public async Task a_snapshot_edited_by_hand_is_reported_at_the_write_that_stored_it()
    {
        var r = await Realized();
        var last = r.Events.Last(e => e.Stream == r.Stream);
        await app.Sql(r.Plan.Tenant,
            "update sakip.mt_doc_indicator set data = jsonb_set(data, '{current,annualTarget}', '{\"number\": 999}') where tenant_id = $1 and id = $2",
            r.Plan.Tenant, r.Stream);

        var report = await Verify(r);
        report["firstMismatch"]!["kind"]!.GetValue<string>().ShouldBe("snapshot");
        report["firstMismatch"]!["sequence"]!.GetValue<long>().ShouldBe(last.Sequence);
        report["firstMismatch"]!["streamKey"]!.GetValue<string>().ShouldBe(r.Stream);

        var indicator = await r.Inspector.GetAsync($"/api/{r.Plan.Tenant}/indicators/{r.Plan.KoperasiAktif}");
        indicator.Headers.GetValues("X-Record-Integrity").Single().ShouldBe("failed");

        // No write builds on it: the change is refused and nothing is stored.
        var refused = await (await app.ClientFor(r.Plan.Tenant, "operator", userId: "op-01", opd: Buleleng2022.Opd).PutJson(
                $"/api/{r.Plan.Tenant}/indicators/{r.Plan.KoperasiAktif}/realizations/9",
                new { expectedVersion = last.Version, value = 40m, evidence = "RAT 2022" }))
            .Problem(HttpStatusCode.Conflict);
        refused["type"]!.GetValue<string>().ShouldEndWith("record-failed-verification");
        (await app.Events(r.Plan.Tenant)).Count.ShouldBe(r.Events.Count);
        foreach (var path in new[] { "capaian?month=12", "laporan-capaian?month=12", "rencana-aksi" })
        {
            var response = await r.Inspector.GetAsync($"{r.Reports}/{path}");
            response.Headers.GetValues("X-Record-Integrity").Single().ShouldBe("failed", path);
            Forged().IsMatch(await response.Content.ReadAsStringAsync()).ShouldBeFalse(path);
        }
    }

    [Fact]
    public async Task a_plan_set_back_to_draft_by_hand_does_not_let_a_change_skip_its_legal_basis()
    {
        var r = await Realized();
        await app.Sql(r.Plan.Tenant, "update sakip.mt_doc_plan set data = jsonb_set(data, '{status}', '\"Draft\"') where tenant_id = $1",
            r.Plan.Tenant);
        var version = await r.Plan.VersionOf(r.Plan.KoperasiAktif);
        var response = await r.Plan.Planner.PutJson($"/api/{r.Plan.Tenant}/indicators/{r.Plan.KoperasiAktif}/targets", new
        {
            expectedVersion = version, annualTarget = 50m,
            periodTargets = new object?[] { null, null, 10m, null, null, 20m, null, null, 30m, null, null, 50m },
        });
        response.StatusCode.ShouldNotBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await app.Events(r.Plan.Tenant)).Count.ShouldBe(r.Events.Count, "nothing stored");
        (await Verify(r))["firstMismatch"]!["kind"]!.GetValue<string>().ShouldBe("snapshot");
    }

    [Fact]
    public async Task an_untouched_plan_verifies_and_its_reports_say_so()
    {
        var r = await Realized();
        var report = await Verify(r);
        report["status"]!.GetValue<string>().ShouldBe("valid", report.ToJsonString());
        report["checked"]!.GetValue<int>().ShouldBe(r.Events.Count);
        report["findingCount"]!.GetValue<int>().ShouldBe(0);
        foreach (var path in new[] { "capaian?month=12", "laporan-capaian?month=12", "rencana-aksi" })
            (await r.Inspector.GetAsync($"{r.Reports}/{path}")).Headers.GetValues("X-Record-Integrity").Single().ShouldBe("verified");
        var stored = await app.Scalar<string>(r.Plan.Tenant,
            "select headers->>'sakip_mac' from sakip.mt_events where seq_id = $1", r.Events[^1].Sequence);
        stored.ShouldStartWith("k1:");
    }
}
