using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Marten.Events;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;
using Sakip.Api.Integrity;

namespace Sakip.Api.Tests.Integrity;

[Collection(SakipCollection.Name)]
public sealed class when_the_record_is_altered_behind_the_application(SakipApp app)
{
    private async Task<(string Tenant, HttpClient Inspector, List<long> Sequences)> Recorded(int opds = 6)
    {
        var tenant = SakipApp.NewTenant();
        var admin = app.ClientFor(tenant, "admin");
        for (var i = 0; i < opds; i++)
            (await admin.PostJson($"/api/{tenant}/opds", new { code = $"opd-{i}", name = $"Dinas {i}", urusanCodes = new[] { "1.01" } }))
                .StatusCode.ShouldBe(HttpStatusCode.Created);
        await app.WaitForProjections(TimeSpan.FromSeconds(30));
        return (tenant, app.ClientFor(tenant, "inspector"), await Sequences(tenant));
    }

    private async Task<List<long>> Sequences(string tenant)
    {
        await using var connection = new NpgsqlConnection(await app.ConnectionStringFor(tenant));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select seq_id from sakip.mt_events where tenant_id = $1 order by seq_id", connection)
        {
            Parameters = { new() { Value = tenant } },
        };
        var list = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) list.Add(reader.GetInt64(0));
        return list;
    }

    private async Task Sql(string tenant, string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(await app.ConnectionStringFor(tenant));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values) command.Parameters.Add(new() { Value = value });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<JsonNode> Verify(HttpClient inspector, string tenant) =>
        await (await inspector.GetAsync($"/api/{tenant}/integrity")).Json(HttpStatusCode.OK);

    [Fact]
    public async Task an_untouched_record_verifies_and_every_event_is_checked()
    {
        var (tenant, inspector, sequences) = await Recorded();
        var report = await Verify(inspector, tenant);
        report["status"]!.GetValue<string>().ShouldBe("valid");
        report["checked"]!.GetValue<int>().ShouldBe(sequences.Count);
        report["pending"]!.GetValue<int>().ShouldBe(0);
        await (await app.ClientFor(tenant, "analyst").GetAsync($"/api/{tenant}/integrity")).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task data_altered_by_sql_is_found_at_that_event()
    {
        var (tenant, inspector, sequences) = await Recorded();
        await Sql(tenant, "update sakip.mt_events set data = jsonb_set(data, '{name}', '\"Dinas Palsu\"') where seq_id = $1", sequences[3]);
        var report = await Verify(inspector, tenant);
        report["status"]!.GetValue<string>().ShouldBe("broken");
        report["firstMismatch"]!["sequence"]!.GetValue<long>().ShouldBe(sequences[3]);
    }

    [Fact]
    public async Task rows_altered_far_apart_in_a_long_record_are_each_found_at_their_event_in_order()
    {
        // Authenticators are checked a batch (1,024 events) ahead on every core: the findings must not depend on it.
        var (tenant, inspector, _) = await Recorded(opds: 1);
        var store = app.Factory.Services.GetRequiredService<Marten.IDocumentStore>();
        await using (var session = store.LightweightSession(tenant))
        {
            session.Events.Append("opd:opd-0", 1L + 1_300, Enumerable.Range(1, 1_300)
                .Select(i => (object)new Sakip.Api.Opds.OpdRenamed("opd-0", $"Dinas {i - 1}", $"Dinas {i}")).ToArray());
            await session.SaveChangesAsync();
        }

        await app.WaitForProjections(TimeSpan.FromSeconds(120));
        var sequences = await Sequences(tenant);
        sequences.Count.ShouldBeGreaterThan(1_300);
        var altered = new[] { sequences[1_250], sequences[7], sequences[1_030] };
        foreach (var sequence in altered)
            await Sql(tenant, "update sakip.mt_events set data = jsonb_set(data, '{name}', '\"Dinas Palsu\"') where seq_id = $1", sequence);

        var report = await Verify(inspector, tenant);
        report["status"]!.GetValue<string>().ShouldBe("broken");
        report["checked"]!.GetValue<int>().ShouldBe(sequences.Count - altered.Length);
        report["firstMismatch"]!["sequence"]!.GetValue<long>().ShouldBe(sequences[7]);
        report["findings"]!.AsArray().Where(f => f!["kind"]!.GetValue<string>() == "unauthenticated")
            .Select(f => f!["sequence"]!.GetValue<long>()).ShouldBe(altered.Order());
    }

    [Fact]
    public async Task a_changed_author_time_or_stream_is_found_at_that_event()
    {
        var (tenant, inspector, sequences) = await Recorded(opds: 4);
        await Sql(tenant, "update sakip.mt_events set headers = jsonb_set(headers, '{user_name}', '\"Someone Else\"') where seq_id = $1", sequences[3]);
        await Sql(tenant, "update sakip.mt_events set timestamp = timestamp - interval '1 day' where seq_id = $1", sequences[2]);
        await Sql(tenant, "update sakip.mt_events set stream_id = 'opd:opd-0' , version = 2 where seq_id = $1", sequences[1]);
        var findings = (await Verify(inspector, tenant))["findings"]!.AsArray()
            .Where(f => f!["kind"]!.GetValue<string>() == "unauthenticated").Select(f => f!["sequence"]!.GetValue<long>()).ToList();
        findings.ShouldBe([sequences[1], sequences[2], sequences[3]]);
    }

    [Fact]
    public async Task an_event_marked_archived_by_hand_is_found_at_that_event()
    {
        var (tenant, inspector, sequences) = await Recorded(opds: 3);
        await Sql(tenant, "update sakip.mt_events set is_archived = true where seq_id = $1", sequences[1]);
        var report = await Verify(inspector, tenant);
        report["firstMismatch"]!["sequence"]!.GetValue<long>().ShouldBe(sequences[1]);
        report["firstMismatch"]!["kind"]!.GetValue<string>().ShouldBe("unauthenticated");
    }

    [Fact]
    public async Task a_stream_version_set_by_hand_is_found_at_that_stream()
    {
        var (tenant, inspector, _) = await Recorded(opds: 2);
        await Sql(tenant, "update sakip.mt_streams set version = 4 where tenant_id = $1 and id = 'opd:opd-1'", tenant);
        var report = await Verify(inspector, tenant);
        report["firstMismatch"]!["kind"]!.GetValue<string>().ShouldBe("stream-version");
        report["firstMismatch"]!["streamKey"]!.GetValue<string>().ShouldBe("opd:opd-1");
    }

    [Fact]
    public async Task the_scheduled_verification_keeps_what_it_finds_without_anyone_asking()
    {
        var (tenant, inspector, sequences) = await Recorded(opds: 3);
        await Sql(tenant, "delete from sakip.mt_events where seq_id = $1", sequences[1]);
        var schedule = app.Factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<VerificationSchedule>().Single();
        await schedule.VerifyAll(CancellationToken.None);
        var quarantine = await (await inspector.GetAsync($"/api/{tenant}/operations/quarantine")).Json(HttpStatusCode.OK);
        quarantine["verifiedAt"].ShouldNotBeNull();
        quarantine["findings"]!.AsArray().ShouldContain(f => f!["kind"]!.GetValue<string>() == "deleted" &&
                                                             f["sequence"]!.GetValue<long>() == sequences[1]);
        var health = JsonNode.Parse(await app.ClientFor("ops", "system").GetStringAsync("/health/ready"))!["checks"]!["integrity"]!;
        health["detail"]!["verificationFindings"]![tenant]!.GetValue<int>().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task a_deleted_event_is_found()
    {
        var (tenant, inspector, sequences) = await Recorded();
        await Sql(tenant, "delete from sakip.mt_events where seq_id = $1", sequences[2]);
        (await Verify(inspector, tenant))["firstMismatch"]!["sequence"]!.GetValue<long>().ShouldBe(sequences[2]);

        await Sql(tenant, "delete from sakip.mt_doc_integritylink where tenant_id = $1 and (data->>'sequence')::bigint = $2", tenant, sequences[2]);
        var report = await Verify(inspector, tenant);
        report["firstMismatch"]!["sequence"]!.GetValue<long>().ShouldBe(sequences[3], "the link and the event deleted together");
        report["firstMismatch"]!["reason"]!.GetValue<string>().ShouldContain("deleted");
    }

    [Fact]
    public async Task a_reordered_pair_is_found()
    {
        var (tenant, inspector, sequences) = await Recorded();
        await Sql(tenant, "update sakip.mt_events set seq_id = -1 where seq_id = $1", sequences[1]);
        await Sql(tenant, "update sakip.mt_events set seq_id = $1 where seq_id = $2", sequences[1], sequences[2]);
        await Sql(tenant, "update sakip.mt_events set seq_id = $1 where seq_id = -1", sequences[2]);
        (await Verify(inspector, tenant))["firstMismatch"]!["sequence"]!.GetValue<long>().ShouldBe(sequences[1]);
    }

    [Fact]
    public async Task a_history_rewritten_with_fresh_plain_hashes_is_caught_by_the_hmac_and_by_the_receipt()
    {
        var (tenant, inspector, sequences) = await Recorded();
        var receipt = await (await inspector.PostAsync($"/api/{tenant}/integrity/checkpoints", null)).Json(HttpStatusCode.OK);
        (await (await inspector.GetAsync($"/api/{tenant}/integrity/checkpoints")).Json(HttpStatusCode.OK)).AsArray().ShouldNotBeEmpty();

        // The forger changes a stretch of events and recomputes every later link with SHA-256: all they lack is the key.
        await Sql(tenant, "update sakip.mt_events set data = jsonb_set(data, '{name}', '\"Dinas Palsu\"') where seq_id = $1", sequences[2]);
        var dataSource = NpgsqlDataSource.Create(await app.ConnectionStringFor(tenant));
        string? previous = null;
        await foreach (var e in StoredEvents.Range(dataSource, tenant, 0, null, CancellationToken.None))
        {
            var forged = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
                $"{previous}|{e.Sequence}|{e.Id}|{e.Stream}|{e.Version}|{e.Mac}|{e.Data}")));
            await Sql(tenant, "update sakip.mt_doc_integritylink set data = jsonb_set(jsonb_set(data, '{link}', to_jsonb($1::text)), '{previous}', " +
                      "coalesce(to_jsonb($2::text), 'null'::jsonb)) where tenant_id = $3 and (data->>'sequence')::bigint = $4",
                forged, (object?)previous ?? DBNull.Value, tenant, e.Sequence);
            previous = forged;
        }

        (await Verify(inspector, tenant))["firstMismatch"]!["sequence"]!.GetValue<long>().ShouldBe(sequences[0],
            "the very first forged link fails the HMAC");
        var withReceipt = await (await inspector.PostAsync($"/api/{tenant}/integrity/verification",
            new StringContent(receipt.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))).Json(HttpStatusCode.OK);
        withReceipt["status"]!.GetValue<string>().ShouldBe("broken");
        withReceipt["receipt"]!["signatureValid"]!.GetValue<bool>().ShouldBeTrue();
        withReceipt["receipt"]!["matches"]!.GetValue<bool>().ShouldBeFalse();

        receipt["sequence"] = receipt["sequence"]!.GetValue<long>() - 1;
        var tampered = await (await inspector.PostAsync($"/api/{tenant}/integrity/verification",
            new StringContent(receipt.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))).Json(HttpStatusCode.OK);
        tampered["receipt"]!["signatureValid"]!.GetValue<bool>().ShouldBeFalse("a receipt edited after signing does not verify");
    }

    [Fact]
    public async Task the_newest_events_deleted_with_everything_that_points_at_them_are_found_against_a_receipt()
    {
        var (tenant, inspector, sequences) = await Recorded();
        var receipt = await (await inspector.PostAsync($"/api/{tenant}/integrity/checkpoints", null)).Json(HttpStatusCode.OK);
        receipt["sequence"]!.GetValue<long>().ShouldBe(sequences[^1]);

        // The last two agencies vanish without a trace inside the database: events, streams, snapshots, links, and the
        // chain's head moved back to the last link that remains.
        foreach (var i in new[] { 4, 5 })
        {
            await Sql(tenant, "delete from sakip.mt_events where seq_id = $1", sequences[i]);
            await Sql(tenant, "delete from sakip.mt_streams where tenant_id = $1 and id = $2", tenant, $"opd:opd-{i}");
            await Sql(tenant, "delete from sakip.mt_doc_opd where tenant_id = $1 and id = $2", tenant, $"opd:opd-{i}");
            await Sql(tenant, "delete from sakip.mt_doc_integritylink where tenant_id = $1 and (data->>'sequence')::bigint = $2", tenant, sequences[i]);
        }

        await Sql(tenant, """
            update sakip.mt_doc_integrityhead h set data = jsonb_set(jsonb_set(h.data, '{sequence}', to_jsonb($2::bigint)), '{link}', l.data->'link')
            from sakip.mt_doc_integritylink l where h.tenant_id = $1 and l.tenant_id = $1 and (l.data->>'sequence')::bigint = $2
            """, tenant, sequences[3]);

        // Nothing inside the record betrays it: that is what receipts are for.
        (await Verify(inspector, tenant))["status"]!.GetValue<string>().ShouldBe("valid");
        var checkedAgainst = await (await inspector.PostAsync($"/api/{tenant}/integrity/verification",
            new StringContent(receipt.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))).Json(HttpStatusCode.OK);
        checkedAgainst["status"]!.GetValue<string>().ShouldBe("broken");
        checkedAgainst["receipt"]!["signatureValid"]!.GetValue<bool>().ShouldBeTrue();
        checkedAgainst["receipt"]!["matches"]!.GetValue<bool>().ShouldBeFalse();
        checkedAgainst["firstMismatch"]!["kind"]!.GetValue<string>().ShouldBe("receipt");
        checkedAgainst["firstMismatch"]!["sequence"]!.GetValue<long>().ShouldBe(sequences[4], "the first event deleted");
    }

    [Fact]
    public async Task an_older_receipt_still_verifies_after_more_is_written()
    {
        var (tenant, inspector, _) = await Recorded(opds: 3);
        var receipt = await (await inspector.PostAsync($"/api/{tenant}/integrity/checkpoints", null)).Json(HttpStatusCode.OK);
        (await app.ClientFor(tenant, "admin").PostJson($"/api/{tenant}/opds", new { code = "opd-9", name = "Dinas 9", urusanCodes = new[] { "1.01" } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        await app.WaitForProjections(TimeSpan.FromSeconds(30));
        var report = await (await inspector.PostAsync($"/api/{tenant}/integrity/verification",
            new StringContent(receipt.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))).Json(HttpStatusCode.OK);
        report["status"]!.GetValue<string>().ShouldBe("valid", report.ToJsonString());
        report["receipt"]!["matches"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task checkpoints_are_also_issued_on_a_schedule()
    {
        var (tenant, inspector, sequences) = await Recorded(opds: 2);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonArray checkpoints;
        do
        {
            await Task.Delay(500);
            checkpoints = (await (await inspector.GetAsync($"/api/{tenant}/integrity/checkpoints")).Json(HttpStatusCode.OK)).AsArray();
        } while (!checkpoints.Any(c => c!["sequence"]!.GetValue<long>() == sequences[^1]) && DateTime.UtcNow < deadline);

        // One per movement of the chain (a tick may fall while the chain is still linking the last event).
        var checkpoint = checkpoints.First()!;
        checkpoint["sequence"]!.GetValue<long>().ShouldBe(sequences[^1]);
        checkpoint["signature"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        checkpoints.Select(c => c!["sequence"]!.GetValue<long>()).ShouldBeUnique();
    }

    [Fact]
    public async Task fifty_concurrent_writers_form_one_valid_chain()
    {
        var tenant = SakipApp.NewTenant();
        var admin = app.ClientFor(tenant, "admin");
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            admin.PostJson($"/api/{tenant}/opds", new { code = $"opd-{i}", name = $"Dinas {i}", urusanCodes = new[] { "1.01" } })));
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        await app.WaitForProjections(TimeSpan.FromSeconds(60));

        var report = await Verify(app.ClientFor(tenant, "inspector"), tenant);
        report["status"]!.GetValue<string>().ShouldBe("valid");
        report["checked"]!.GetValue<int>().ShouldBe(50);
    }
}
