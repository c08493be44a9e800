using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Sakip.Api.Indicators;
using Sakip.Api.Integrity;
using Sakip.Api.Tests.Integrity;

namespace Sakip.Api.Tests.Indicators;

/// <summary>
/// An indicator's as-of read starts from the latest checkpoint before the instant (a fold stored every 25 versions,
/// under an authenticator) and replays only the events after it; the answer is the one a replay from the first event
/// gives, byte for byte, and a checkpoint edited in the database is never folded.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed partial class when_an_indicator_is_read_as_of_a_checkpoint(SakipApp app)
{
    [GeneratedRegex("(?<![0-9A-Za-z.-])999(?![0-9A-Za-z-])")]
    private static partial Regex Forged();

    private const string Table = "sakip.mt_doc_indicatorcheckpoint";

    private async Task<(Buleleng2022 Plan, List<DateTimeOffset> Instants, int Version)> LongIndicator()
    {
        var plan = await new Buleleng2022(app).Established();
        var operatorClient = app.ClientFor(plan.Tenant, "operator", userId: "op-01", name: "Wayan Operator", opd: Buleleng2022.Opd);
        var version = await plan.VersionOf(plan.KoperasiAktif);
        var instants = new List<DateTimeOffset> { DateTimeOffset.UtcNow };
        while (version < 2 * IndicatorCheckpoints.Every + 7)
        {
            (await operatorClient.PutJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations/{version % 12 + 1}",
                    new { expectedVersion = version, value = 10m + version, evidence = $"Laporan {version}" }))
                .StatusCode.ShouldBe(HttpStatusCode.OK);
            version++;
            instants.Add(DateTimeOffset.UtcNow);
        }

        return (plan, instants, version);
    }

    private async Task<Dictionary<string, string>> Answers(HttpClient client, Buleleng2022 plan, IEnumerable<DateTimeOffset> instants, int version)
    {
        var answers = new Dictionary<string, string>();
        var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}";
        foreach (var query in instants.Select(t => "asOf=" + Uri.EscapeDataString(t.ToString("O")))
                     .Concat(Enumerable.Range(1, version).Select(v => $"asOfVersion={v}")))
        {
            var response = await client.GetAsync($"{url}?{query}");
            answers[query] = $"{(int)response.StatusCode} {response.Headers.GetValues("X-Record-Integrity").FirstOrDefault()} " +
                             await response.Content.ReadAsStringAsync();
        }

        return answers;
    }

    [Fact]
    public async Task the_answer_is_the_replay_from_the_first_event_at_every_instant_and_version()
    {
        var (plan, instants, version) = await LongIndicator();
        var stored = await app.Scalar<string>(plan.Tenant,
            $"select string_agg(data->>'version', ',' order by (data->>'version')::int) from {Table} where tenant_id = $1", plan.Tenant);
        stored.ShouldBe($"{IndicatorCheckpoints.Every},{2 * IndicatorCheckpoints.Every}");
        var analyst = app.ClientFor(plan.Tenant, "analyst", userId: "ana-01", name: "Gede Analis");

        var withCheckpoints = await Answers(analyst, plan, instants, version);
        (await app.Sql(plan.Tenant, $"delete from {Table} where tenant_id = $1", plan.Tenant)).ShouldBe(2);
        var fromTheFirstEvent = await Answers(analyst, plan, instants, version);

        foreach (var (query, answer) in fromTheFirstEvent)
        {
            answer.ShouldStartWith("200 verified", customMessage: query);
            withCheckpoints[query].ShouldBe(answer, query);
        }
    }

    [Fact]
    public async Task a_checkpoint_edited_in_the_database_is_not_folded_and_one_signed_with_the_key_is()
    {
        var (plan, _, version) = await LongIndicator();
        var analyst = app.ClientFor(plan.Tenant, "analyst", userId: "ana-01", name: "Gede Analis");
        var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}?asOfVersion={version}";
        var honest = await (await analyst.GetAsync(url)).Content.ReadAsStringAsync();
        honest.ShouldContain("Persentase Koperasi Aktif dan Sehat");

        await app.Sql(plan.Tenant, $$"""
            update {{Table}} set data = jsonb_set(data, '{state,current,name}', '"Diubah di basis data"') where tenant_id = $1
            """, plan.Tenant);
        var refused = await (await analyst.GetAsync(url)).Content.ReadAsStringAsync();
        refused.ShouldBe(honest, "the edited checkpoint fails its authenticator: the whole stream is replayed");

        // The same edit authenticated with the service's key is folded: the read does start from the checkpoint.
        var keys = app.Factory.Services.GetRequiredService<IntegrityKeys>();
        var stream = Indicator.StreamKey(plan.KoperasiAktif);
        var checkpoint = 2 * IndicatorCheckpoints.Every;
        var state = await app.Scalar<string>(plan.Tenant,
            $"select (data->'state')::text from {Table} where tenant_id = $1 and id = $2", plan.Tenant, IndicatorCheckpoints.Id(stream, checkpoint));
        var through = await app.Scalar<DateTime>(plan.Tenant,
            $"select (data->>'recordedThrough')::timestamptz from {Table} where tenant_id = $1 and id = $2", plan.Tenant,
            IndicatorCheckpoints.Id(stream, checkpoint));
        var mac = IndicatorCheckpoints.Mac(keys.Current, plan.Tenant, stream, checkpoint, new DateTimeOffset(through, TimeSpan.Zero), state);
        await app.Sql(plan.Tenant, $$"""
            update {{Table}} set data = jsonb_set(data, '{mac}', to_jsonb($2::text)) where tenant_id = $1 and id = $3
            """, plan.Tenant, mac, IndicatorCheckpoints.Id(stream, checkpoint));
        (await (await analyst.GetAsync(url)).Content.ReadAsStringAsync()).ShouldContain("Diubah di basis data");
    }
    [Fact]
    public async Task a_checkpoint_is_found_by_columns_and_an_edited_column_cannot_make_a_read_fold_a_wrong_state()
    {
        var (plan, instants, version) = await LongIndicator();
        (await app.Scalar<long>(plan.Tenant, $"""
                select count(*) from {Table} where tenant_id = $1 and stream = data->>'stream'
                and version = (data->>'version')::bigint and recorded_through = (data->>'recordedThrough')::timestamptz
                """, plan.Tenant))
            .ShouldBe(2);
        var analyst = app.ClientFor(plan.Tenant, "analyst", userId: "ana-01", name: "Gede Analis");
        var honest = await Answers(analyst, plan, instants, version);

        // The checkpoint at 50 relabelled as the fold through 26, recorded when event 26 was: a lookup by the columns picks
        // it for every point from 26 to 49, where folding it would show 50 events. Its authenticator covers the columns.
        var stream = Indicator.StreamKey(plan.KoperasiAktif);
        (await app.Sql(plan.Tenant, $"""
                update {Table} set version = 26, recorded_through = (select timestamp from sakip.mt_events
                    where tenant_id = $1 and stream_id = $2 and version = 26)
                where tenant_id = $1 and id = $3
                """, plan.Tenant, stream, IndicatorCheckpoints.Id(stream, 2 * IndicatorCheckpoints.Every)))
            .ShouldBe(1);
        var edited = await Answers(analyst, plan, instants, version);

        foreach (var (query, answer) in honest)
        {
            answer.ShouldStartWith("200 verified", customMessage: query);
            edited[query].ShouldBe(answer, query);
        }
    }

    [Fact]
    public async Task a_rebuild_of_the_read_side_writes_them_again_from_the_events()
    {
        var (plan, instants, version) = await LongIndicator();
        var analyst = app.ClientFor(plan.Tenant, "analyst", userId: "ana-01", name: "Gede Analis");
        var before = await Answers(analyst, plan, instants.TakeLast(3), version);
        await app.Sql(plan.Tenant, $$"""
            update {{Table}} set data = jsonb_set(data, '{state,current,name}', '"Diubah di basis data"') where tenant_id = $1
            """, plan.Tenant);

        var system = app.Client(app.Token(plan.Tenant, "system", "ops-01", "Operator Sistem"));
        (await system.PostAsync($"/system/read-side/rebuild?tenant={plan.Tenant}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.WaitForProjections(TimeSpan.FromSeconds(120));

        (await app.Scalar<long>(plan.Tenant,
                $"select count(*) from {Table} where tenant_id = $1 and data::text not like '%Diubah di basis data%'", plan.Tenant))
            .ShouldBe(2);
        (await app.Scalar<long>(plan.Tenant, $"""
                select count(*) from {Table} where tenant_id = $1 and stream = data->>'stream'
                and version = (data->>'version')::bigint and recorded_through = (data->>'recordedThrough')::timestamptz
                """, plan.Tenant))
            .ShouldBe(2, "the columns a read finds checkpoints by are written again too");
        // Rebuilt checkpoints verify: the read starts from the one at 50, and answers as before.
        var keys = app.Factory.Services.GetRequiredService<IntegrityKeys>();
        var stream = Indicator.StreamKey(plan.KoperasiAktif);
        var id = IndicatorCheckpoints.Id(stream, 2 * IndicatorCheckpoints.Every);
        var state = await app.Scalar<string>(plan.Tenant, $"select (data->'state')::text from {Table} where tenant_id = $1 and id = $2", plan.Tenant, id);
        var through = await app.Scalar<DateTime>(plan.Tenant,
            $"select (data->>'recordedThrough')::timestamptz from {Table} where tenant_id = $1 and id = $2", plan.Tenant, id);
        var mac = await app.Scalar<string>(plan.Tenant, $"select data->>'mac' from {Table} where tenant_id = $1 and id = $2", plan.Tenant, id);
        IndicatorCheckpoints.Verifies(keys, mac, plan.Tenant, stream, 2 * IndicatorCheckpoints.Every, new DateTimeOffset(through, TimeSpan.Zero), state)
            .ShouldBeTrue();
        (await Answers(analyst, plan, instants.TakeLast(3), version)).ShouldBe(before);
    }
    [Fact]
    public async Task an_event_inside_a_checkpoint_found_tampered_is_left_out_as_without_checkpoints()
    {
        var (plan, instants, version) = await LongIndicator();
        var stream = Indicator.StreamKey(plan.KoperasiAktif);
        (await app.Sql(plan.Tenant, """
            update sakip.mt_events set data = jsonb_set(data, '{value,number}', '999')
            where tenant_id = $1 and stream_id = $2 and version = 20 and type = 'realization_submitted'
            """, plan.Tenant, stream)).ShouldBe(1);
        await (await app.ClientFor(plan.Tenant, "inspector").GetAsync($"/api/{plan.Tenant}/integrity")).Json(HttpStatusCode.OK);
        var analyst = app.ClientFor(plan.Tenant, "analyst", userId: "ana-01", name: "Gede Analis");

        var withCheckpoints = await Answers(analyst, plan, instants.TakeLast(3), version);
        (await app.Sql(plan.Tenant, $"delete from {Table} where tenant_id = $1", plan.Tenant)).ShouldBe(2);
        var fromTheFirstEvent = await Answers(analyst, plan, instants.TakeLast(3), version);

        foreach (var (query, answer) in fromTheFirstEvent.Where(a => a.Key.StartsWith("asOf=") || a.Key == $"asOfVersion={version}"))
        {
            answer.ShouldStartWith("200 failed", customMessage: query);
            // 999 as a value, not the digits inside an id or a timestamp's fraction.
            Forged().IsMatch(answer).ShouldBeFalse(query + ": " + answer);
            withCheckpoints[query].ShouldBe(answer, query);
        }
    }
}
