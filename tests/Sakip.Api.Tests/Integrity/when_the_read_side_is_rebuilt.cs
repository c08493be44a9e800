using System.Net;
using Npgsql;
using Sakip.Api.Tests.Indicators;

namespace Sakip.Api.Tests.Integrity;

/// <summary>
/// Every projection declares what it owns, so a rebuild starts from nothing: the read side emptied by hand and rebuilt
/// from the authenticated events is, byte for byte, what the service had built as the events came in — OPD-year read
/// models and their capaian models, inline snapshots, the audit trail, the chain and its quarantine.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_the_read_side_is_rebuilt(SakipApp app)
{
    private static readonly string[] ReadSide =
    [
        "mt_doc_opdyear", "mt_doc_capaianmodel", "mt_doc_auditentry", "mt_doc_auditfold", "mt_doc_integritylink", "mt_doc_integrityhead",
        "mt_doc_quarantinedevent", "mt_doc_indicator", "mt_doc_plan", "mt_doc_opd", "mt_doc_tenantscales", "mt_doc_tenantscoring",
        "mt_doc_inspectornote",
    ];

    private async Task<Dictionary<string, List<string>>> Rows(string tenant)
    {
        await using var connection = new NpgsqlConnection(await app.ConnectionStringFor(tenant));
        await connection.OpenAsync();
        var rows = new Dictionary<string, List<string>>();
        foreach (var table in ReadSide)
        {
            await using var command = new NpgsqlCommand($"select id || ' ' || data::text from sakip.{table} where tenant_id = $1 order by id",
                connection) { Parameters = { new() { Value = tenant } } };
            var list = rows[table] = [];
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) list.Add(reader.GetString(0));
        }

        return rows;
    }

    [Fact]
    public async Task emptied_and_rebuilt_it_is_byte_for_byte_what_it_was()
    {
        var plan = await new Buleleng2022(app).Established();
        var tenant = plan.Tenant;
        var operatorClient = app.ClientFor(tenant, "operator", userId: "op-01", name: "Wayan Operator", opd: Buleleng2022.Opd);
        var url = $"/api/{tenant}/indicators/{plan.KoperasiAktif}";
        var version = await plan.VersionOf(plan.KoperasiAktif);
        (await operatorClient.PutJson($"{url}/realizations/3", new { expectedVersion = version, value = 12m, evidence = "RAT" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await plan.Planner.PutJson($"{url}/targets", new
        {
            expectedVersion = version + 1, annualTarget = 80m,
            periodTargets = new object?[] { null, null, 19.5m, null, null, 39m, null, null, 60m, null, null, 80m },
            revision = Buleleng2022.TargetRevision(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var inspector = app.ClientFor(tenant, "inspector", userId: "ins-01", name: "Komang Inspektur");
        (await inspector.PostJson($"/api/{tenant}/notes", new
        {
            about = "indicator", target = plan.KoperasiAktif, opd = Buleleng2022.Opd, year = 2022, text = "Periksa bukti RAT", severity = "medium",
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await plan.Admin.PutJson($"/api/{tenant}/grade-scales/nilai-huruf", new { grades = new[] { "E", "D", "C", "B", "A" } }))
            .IsSuccessStatusCode.ShouldBeTrue();
        (await plan.Admin.PutJson($"/api/{tenant}/scoring", new
        {
            cap = 120m, bands = new object[] { new { name = "Kurang", from = (decimal?)null, to = 70m }, new { name = "Baik", from = 70m, to = (decimal?)null } },
        })).IsSuccessStatusCode.ShouldBeTrue();
        var copied = await app.Scalar<long>(tenant,
            "select max(seq_id) from sakip.mt_events where tenant_id = $1 and type = 'realization_submitted'", tenant);
        await app.Sql(tenant, """
            insert into sakip.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived, headers)
            select nextval('sakip.mt_events_sequence'), gen_random_uuid(), stream_id,
                   (select max(version) + 1 from sakip.mt_events m where m.tenant_id = e.tenant_id and m.stream_id = e.stream_id), jsonb_set(data, '{value,number}', '999'),
                   type, now(), tenant_id, mt_dotnet_type, false, headers from sakip.mt_events e where seq_id = $1
            """, copied);
        await app.Sql(tenant, "update sakip.mt_streams set version = version + 1 where tenant_id = $1 and id = $2", tenant,
            "ind:" + plan.KoperasiAktif);
        (await plan.Planner.PostAsync($"/api/{tenant}/opds/{Buleleng2022.Opd}/years/2023/plan", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await app.WaitForProjections(TimeSpan.FromSeconds(60));

        var before = await Rows(tenant);
        before["mt_doc_quarantinedevent"].ShouldHaveSingleItem();
        foreach (var table in new[] { "mt_doc_opdyear", "mt_doc_capaianmodel", "mt_doc_auditentry", "mt_doc_integritylink", "mt_doc_indicator", "mt_doc_plan", "mt_doc_inspectornote" })
            before[table].ShouldNotBeEmpty(table);

        // The read side is lost: every row of every projection in the database.
        foreach (var table in ReadSide) await app.Sql(tenant, $"delete from sakip.{table}");
        (await Rows(tenant)).Values.ShouldAllBe(rows => rows.Count == 0);

        var system = app.Client(app.Token(tenant, "system", "ops-01", "Operator Sistem"));
        (await app.ClientFor(tenant, "admin").PostAsync($"/system/read-side/rebuild?tenant={tenant}", null)).StatusCode
            .ShouldBe(HttpStatusCode.Forbidden);
        var report = await (await system.PostAsync($"/system/read-side/rebuild?tenant={tenant}", null)).Json(HttpStatusCode.OK);
        report["projections"]!.AsArray().Count.ShouldBe(3, report.ToJsonString());
        await app.WaitForProjections(TimeSpan.FromSeconds(120));

        var after = await Rows(tenant);
        foreach (var table in ReadSide) after[table].ShouldBe(before[table], table);
        var verified = await (await inspector.GetAsync($"/api/{tenant}/integrity")).Json(HttpStatusCode.OK);
        verified["findingCount"]!.GetValue<int>().ShouldBe(1, verified.ToJsonString());
        verified["firstMismatch"]!["kind"]!.GetValue<string>().ShouldBe("unauthenticated");
    }
}
