using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Marten;
using Sakip.Api.Capaian;
using Sakip.Api.Integrity;
using Sakip.Api.OpdYears;
using Sakip.Api.Tests.Indicators;
using Sakip.Api.Tests.Integrity;

namespace Sakip.Api.Tests.RencanaAksi;

/// <summary>
/// A Rencana Aksi as of an instant starts from the latest plan checkpoint recorded through it (the OPD-year's plan, stored
/// by the projection at every 50th plan event, under an authenticator) and replays only the plan events after it; the
/// answer is the one a replay of every plan event gives, byte for byte, and a checkpoint edited in the database is never
/// folded.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed partial class when_a_plan_is_read_as_of_a_checkpoint(SakipApp app)
{
    private const string Table = "sakip.mt_doc_plancheckpoint";

    [GeneratedRegex("(?<![0-9A-Za-z.-])999(?![0-9A-Za-z-])")]
    private static partial Regex Forged();

    private string Url(Buleleng2022 plan) => $"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/{Buleleng2022.Year}/rencana-aksi";

    /// <summary>
    /// The fixture's plan, then Perubahan after Perubahan of one indicator's targets with realizations between them, until
    /// the OPD-year holds two checkpoints and some plan events after the second; an instant after every write.
    /// </summary>
    private async Task<(Buleleng2022 Plan, List<DateTimeOffset> Instants)> LongPlan()
    {
        var plan = await new Buleleng2022(app).Established();
        var operatorClient = app.ClientFor(plan.Tenant, "operator", userId: "op-01", name: "Wayan Operator", opd: Buleleng2022.Opd);
        var indicator = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}";
        var version = await plan.VersionOf(plan.KoperasiAktif);
        var instants = new List<DateTimeOffset> { DateTimeOffset.UtcNow };
        var planEvents = await PlanEvents(plan);
        for (var i = 0; planEvents < 2 * PlanCheckpoints.Every + 7; i++)
        {
            (await plan.Planner.PutJson($"{indicator}/targets", new
            {
                expectedVersion = version, annualTarget = 80m + i,
                periodTargets = new object?[] { null, null, 19.5m, null, null, 39m, null, null, 60m, null, null, 80m + i },
                revision = Buleleng2022.TargetRevision(),
            })).StatusCode.ShouldBe(HttpStatusCode.OK);
            version++;
            planEvents++;
            if (i % 3 == 0)
            {
                (await operatorClient.PutJson($"{indicator}/realizations/{i % 6 + 1}",
                        new { expectedVersion = version, value = 10m + i, evidence = $"Laporan {i}" }))
                    .StatusCode.ShouldBe(HttpStatusCode.OK);
                version++;
            }

            instants.Add(DateTimeOffset.UtcNow);
        }

        await app.WaitForProjections(TimeSpan.FromSeconds(60));
        (await PlanEvents(plan)).ShouldBe(planEvents);
        return (plan, instants);
    }

    private async Task<long> PlanEvents(Buleleng2022 plan)
    {
        await (await plan.Planner.GetAsync($"{Url(plan)}?consistent=true")).Json(HttpStatusCode.OK);
        return await app.Scalar<long>(plan.Tenant, "select (data->>'planEvents')::bigint from sakip.mt_doc_opdyear where tenant_id = $1",
            plan.Tenant);
    }

    private static async Task<Dictionary<string, string>> Answers(HttpClient client, Buleleng2022 plan, string url,
        IEnumerable<DateTimeOffset> instants)
    {
        var answers = new Dictionary<string, string>();
        foreach (var instant in instants)
        {
            var query = "asOf=" + Uri.EscapeDataString(instant.ToString("O"));
            var response = await client.GetAsync($"{url}?{query}");
            answers[query] = $"{(int)response.StatusCode} {response.Headers.GetValues(IntegrityNotice.Header).FirstOrDefault()} " +
                             await response.Content.ReadAsStringAsync();
        }

        return answers;
    }

    private async Task<(string Id, string State, DateTime Through, long Sequence, long Count)> Checkpoint(Buleleng2022 plan, long count)
    {
        var id = PlanCheckpoints.Id(OpdYear.Key(Buleleng2022.Opd, Buleleng2022.Year), count);
        return (id,
            await app.Scalar<string>(plan.Tenant, $"select data->>'state' from {Table} where tenant_id = $1 and id = $2", plan.Tenant, id),
            await app.Scalar<DateTime>(plan.Tenant, $"select recorded_through from {Table} where tenant_id = $1 and id = $2", plan.Tenant, id),
            await app.Scalar<long>(plan.Tenant, $"select sequence from {Table} where tenant_id = $1 and id = $2", plan.Tenant, id),
            count);
    }

    [Fact]
    public async Task the_answer_is_the_replay_of_every_plan_event_at_every_instant()
    {
        var (plan, instants) = await LongPlan();
        var stored = await app.Scalar<string>(plan.Tenant,
            $"select string_agg(data->>'count', ',' order by (data->>'count')::int) from {Table} where tenant_id = $1", plan.Tenant);
        stored.ShouldBe($"{PlanCheckpoints.Every},{2 * PlanCheckpoints.Every}");
        var keys = app.Factory.Services.GetRequiredService<IntegrityKeys>();
        var scope = OpdYear.Key(Buleleng2022.Opd, Buleleng2022.Year);
        foreach (var count in new long[] { PlanCheckpoints.Every, 2 * PlanCheckpoints.Every })
        {
            var c = await Checkpoint(plan, count);
            c.State.ShouldNotContain("\"realizations\":{\"", customMessage: "a checkpoint holds the plan, not the realizations");
            PlanCheckpoints.Verifies(keys, await app.Scalar<string>(plan.Tenant, $"select data->>'mac' from {Table} where tenant_id = $1 and id = $2",
                    plan.Tenant, c.Id), plan.Tenant, scope, c.Sequence, count, new DateTimeOffset(c.Through, TimeSpan.Zero), c.State)
                .ShouldBeTrue("the checkpoint verifies under the tenant a read runs as");
        }

        var analyst = app.ClientFor(plan.Tenant, "analyst", userId: "ana-01", name: "Gede Analis");
        var live = await (await analyst.GetAsync(Url(plan))).Content.ReadAsStringAsync();
        var withCheckpoints = await Answers(analyst, plan, Url(plan), instants);
        (await app.Sql(plan.Tenant, $"delete from {Table} where tenant_id = $1", plan.Tenant)).ShouldBe(2);
        var fromTheFirstEvent = await Answers(analyst, plan, Url(plan), instants);

        fromTheFirstEvent.Values.Distinct().Count().ShouldBeGreaterThan(2 * PlanCheckpoints.Every - 10, "the plan changes at each Perubahan");
        foreach (var (query, answer) in fromTheFirstEvent)
        {
            answer.ShouldStartWith("200 verified", customMessage: query);
            withCheckpoints[query].ShouldBe(answer, query);
        }

        fromTheFirstEvent.Values.Last().ShouldBe("200 verified " + live, "as of now is the live read");
    }

    [Fact]
    public async Task a_checkpoint_edited_in_the_database_is_not_folded_and_one_signed_with_the_key_is()
    {
        var (plan, instants) = await LongPlan();
        var analyst = app.ClientFor(plan.Tenant, "analyst", userId: "ana-01", name: "Gede Analis");
        var honest = await Answers(analyst, plan, Url(plan), instants.TakeLast(3));
        honest.Values.ShouldAllBe(a => !Forged().IsMatch(a));

        // Koperasi Aktif's annual target made 999 in both stored states, the authenticators left as they were.
        var c = await Checkpoint(plan, 2 * PlanCheckpoints.Every);
        // The answers kept for these plans are forgotten: the reads below start from the stored checkpoints again.
        app.Factory.Services.GetRequiredService<ReportCache>().Clear();
        foreach (var count in new long[] { PlanCheckpoints.Every, 2 * PlanCheckpoints.Every })
        {
            var stored = await Checkpoint(plan, count);
            var state = JsonNode.Parse(stored.State)!;
            state["indicators"]![plan.KoperasiAktif]!["current"]!["annualTarget"]!["number"] = 999;
            (await app.Sql(plan.Tenant, $$"""
                update {{Table}} set data = jsonb_set(data, '{state}', to_jsonb($2::text)) where tenant_id = $1 and id = $3
                """, plan.Tenant, state.ToJsonString(), stored.Id)).ShouldBe(1);
        }
        (await Answers(analyst, plan, Url(plan), instants.TakeLast(3))).ShouldBe(honest,
            "the edited checkpoints fail their authenticators: every plan event is replayed");

        // The same edit authenticated with the service's key is folded: the read does start from the checkpoint.
        var keys = app.Factory.Services.GetRequiredService<IntegrityKeys>();
        var edited = (await Checkpoint(plan, c.Count)).State;
        var mac = PlanCheckpoints.Mac(keys.Current, plan.Tenant, OpdYear.Key(Buleleng2022.Opd, Buleleng2022.Year), c.Sequence, c.Count,
            new DateTimeOffset(DateTime.SpecifyKind(c.Through, DateTimeKind.Utc)), edited);
        await app.Sql(plan.Tenant, $$"""
            update {{Table}} set mac = $2, data = jsonb_set(data, '{mac}', to_jsonb($2::text)) where tenant_id = $1 and id = $3
            """, plan.Tenant, mac, c.Id);
        var through = new DateTimeOffset(DateTime.SpecifyKind(c.Through, DateTimeKind.Utc)).ToString("O");
        var folded = await (await analyst.GetAsync($"{Url(plan)}?asOf={Uri.EscapeDataString(through)}")).Content.ReadAsStringAsync();
        Forged().IsMatch(folded).ShouldBeTrue("a checkpoint that verifies is where the read starts: " + folded);
    }

    [Fact]
    public async Task an_edited_column_cannot_make_a_read_fold_a_wrong_state()
    {
        var (plan, instants) = await LongPlan();
        var analyst = app.ClientFor(plan.Tenant, "analyst", userId: "ana-01", name: "Gede Analis");
        var honest = await Answers(analyst, plan, Url(plan), instants);

        // The checkpoint at 100 relabelled as the one at 50 (its sequence, count and recorded time): a lookup by the columns
        // picks it for every instant from the 50th plan event on, where folding it would apply 50 plan events twice.
        var first = await Checkpoint(plan, PlanCheckpoints.Every);
        var second = await Checkpoint(plan, 2 * PlanCheckpoints.Every);
        (await app.Sql(plan.Tenant, $"delete from {Table} where tenant_id = $1 and id = $2", plan.Tenant, first.Id)).ShouldBe(1);
        (await app.Sql(plan.Tenant, $"update {Table} set sequence = $2, count = $3, recorded_through = $4 where tenant_id = $1 and id = $5",
            plan.Tenant, first.Sequence, first.Count, DateTime.SpecifyKind(first.Through, DateTimeKind.Utc), second.Id)).ShouldBe(1);
        var edited = await Answers(analyst, plan, Url(plan), instants);

        foreach (var (query, answer) in honest)
        {
            answer.ShouldStartWith("200 verified", customMessage: query);
            edited[query].ShouldBe(answer, query);
        }
    }

    [Fact]
    public async Task an_event_inside_a_checkpoint_found_tampered_is_left_out_as_without_checkpoints()
    {
        var (plan, instants) = await LongPlan();
        var stream = Sakip.Api.Indicators.Indicator.StreamKey(plan.KoperasiAktif);
        var c = await Checkpoint(plan, PlanCheckpoints.Every);
        (await app.Sql(plan.Tenant, """
            update sakip.mt_events set data = jsonb_set(data, '{annual,number}', '999')
            where seq_id = (select max(seq_id) from sakip.mt_events where tenant_id = $1 and stream_id = $2 and type = 'targets_set' and seq_id <= $3)
            """, plan.Tenant, stream, c.Sequence)).ShouldBe(1);
        await (await app.ClientFor(plan.Tenant, "inspector").GetAsync($"/api/{plan.Tenant}/integrity")).Json(HttpStatusCode.OK);
        var analyst = app.ClientFor(plan.Tenant, "analyst", userId: "ana-01", name: "Gede Analis");

        var withCheckpoints = await Answers(analyst, plan, Url(plan), instants.TakeLast(3));
        (await app.Sql(plan.Tenant, $"delete from {Table} where tenant_id = $1", plan.Tenant)).ShouldBe(2);
        var fromTheFirstEvent = await Answers(analyst, plan, Url(plan), instants.TakeLast(3));

        foreach (var (query, answer) in fromTheFirstEvent)
        {
            answer.ShouldStartWith("200 failed", customMessage: query);
            Forged().IsMatch(answer).ShouldBeFalse(query + ": " + answer);
            withCheckpoints[query].ShouldBe(answer, query);
        }
    }

    [Fact]
    public async Task an_answer_is_kept_for_the_plan_it_folds_and_served_for_every_instant_of_that_plan()
    {
        var (plan, instants) = await LongPlan();
        var keys = app.Factory.Services.GetRequiredService<IntegrityKeys>();
        var cache = new ReportCache();
        await using var session = app.Store.QuerySession(plan.Tenant);
        async Task<OpdYearRead> Read(DateTimeOffset instant) =>
            await OpdYearRead.Load(Buleleng2022.Opd, Buleleng2022.Year, null, instant.ToString("O"), session, keys, CancellationToken.None,
                cache: cache);

        // The last Perubahan and an instant a moment after it: the same plan (a realization may lie between, never a plan event).
        var last = instants[^1];
        var first = await Read(last);
        first.Cached.ShouldBeNull("nothing kept yet");
        first.Key.ShouldNotBeNull();
        first.Key.ShouldBeOfType<PlanAnswerKey>().Checkpoint!.Count.ShouldBe(2 * PlanCheckpoints.Every, "the read starts from the second checkpoint");
        cache.Keep(first.Key, [1, 2, 3], null);
        var again = await Read(last.AddMilliseconds(1));
        again.Cached.ShouldNotBeNull("the same plan: the kept answer, and no state read");
        again.Cached!.Json.ShouldBe(new byte[] { 1, 2, 3 });
        again.State.ShouldBeNull();

        // Before the last Perubahan the plan differs: another key, nothing kept under it.
        var before = await Read(instants[^2]);
        before.Cached.ShouldBeNull();
        before.Key.ShouldNotBe(first.Key);
    }

    [Fact]
    public async Task an_event_found_tampered_after_its_answer_was_kept_is_left_out_of_the_next_answer()
    {
        var (plan, instants) = await LongPlan();
        var analyst = app.ClientFor(plan.Tenant, "analyst", userId: "ana-01", name: "Gede Analis");
        var kept = await Answers(analyst, plan, Url(plan), instants.TakeLast(1));
        kept.Values.ShouldAllBe(a => a.StartsWith("200 verified") && !Forged().IsMatch(a));

        // The last Perubahan, after the second checkpoint (in the tail every read verifies), made 999 in the database.
        var stream = Sakip.Api.Indicators.Indicator.StreamKey(plan.KoperasiAktif);
        (await app.Sql(plan.Tenant, """
            update sakip.mt_events set data = jsonb_set(data, '{annual,number}', '999')
            where seq_id = (select max(seq_id) from sakip.mt_events where tenant_id = $1 and stream_id = $2 and type = 'targets_set')
            """, plan.Tenant, stream)).ShouldBe(1);
        var after = await Answers(analyst, plan, Url(plan), instants.TakeLast(1));

        app.Factory.Services.GetRequiredService<ReportCache>().Clear();
        (await app.Sql(plan.Tenant, $"delete from {Table} where tenant_id = $1", plan.Tenant)).ShouldBe(2);
        var fromTheFirstEvent = await Answers(analyst, plan, Url(plan), instants.TakeLast(1));
        foreach (var (query, answer) in after)
        {
            answer.ShouldStartWith("200 failed", customMessage: "the tampered event is reported: " + query);
            Forged().IsMatch(answer).ShouldBeFalse(query + ": " + answer);
            answer.ShouldNotBe(kept[query], "the kept answer folded the Perubahan now left out");
            answer.ShouldBe(fromTheFirstEvent[query], query);
        }
    }

    [Fact]
    public async Task a_rebuild_of_the_read_side_writes_the_same_checkpoints()
    {
        var (plan, instants) = await LongPlan();
        const string stored = $"select string_agg(id || ' ' || sequence || ' ' || recorded_through || ' ' || (data->>'mac'), ',' order by id) from {Table} where tenant_id = $1";
        var before = await app.Scalar<string>(plan.Tenant, stored, plan.Tenant);
        var analyst = app.ClientFor(plan.Tenant, "analyst", userId: "ana-01", name: "Gede Analis");
        var answers = await Answers(analyst, plan, Url(plan), instants.TakeLast(3));
        await app.Sql(plan.Tenant, $"update {Table} set mac = 'x', data = jsonb_set(data, '{{mac}}', '\"x\"') where tenant_id = $1", plan.Tenant);

        var system = app.Client(app.Token(plan.Tenant, "system", "ops-01", "Operator Sistem"));
        (await system.PostAsync($"/system/read-side/rebuild?tenant={plan.Tenant}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.WaitForProjections(TimeSpan.FromSeconds(120));

        (await app.Scalar<string>(plan.Tenant, stored, plan.Tenant)).ShouldBe(before);
        (await Answers(analyst, plan, Url(plan), instants.TakeLast(3))).ShouldBe(answers);
    }
}
