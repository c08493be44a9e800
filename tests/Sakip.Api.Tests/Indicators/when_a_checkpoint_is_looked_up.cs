using System.Text;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sakip.Api.Indicators;
using Sakip.Api.OpdYears;
using Sakip.Api.Tests.Integrity;

namespace Sakip.Api.Tests.Indicators;

/// <summary>
/// An as-of read finds its checkpoint through one index over the columns it selects by (stream or scope, version or
/// sequence, recorded time, tenant): the index exists in the tenant's database with those columns in that order, and
/// the lookup the read runs seeks it with every condition in the index and no sort. Marten once ignored the columns a
/// duplicated field's own index was given, and the lookup read ~40 candidate rows of the stream through `stream` alone.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_a_checkpoint_is_looked_up(SakipApp app)
{
    private IDocumentStore Store => app.Factory.Services.GetRequiredService<IDocumentStore>();

    /// <summary>
    /// The plan PostgreSQL picks for <paramref name="sql"/> when it cannot read the table sequentially: which index, if any,
    /// answers the lookup's conditions (a table of a few test rows would otherwise be scanned whatever its indexes).
    /// </summary>
    private async Task<string> Plan(string tenant, string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(await app.ConnectionStringFor(tenant));
        await connection.OpenAsync();
        await using (var off = new NpgsqlCommand("set enable_seqscan = off", connection)) await off.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand("explain " + sql, connection);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        var plan = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) plan.AppendLine(reader.GetString(0));
        return plan.ToString();
    }

    private async Task<string> Definition(string tenant, string index) =>
        await app.Scalar<string>(tenant, "select indexdef from pg_indexes where schemaname = 'sakip' and indexname = $1", index);

    [Fact]
    public async Task an_indicator_checkpoint_is_sought_by_stream_version_and_recorded_time_in_one_index()
    {
        var plan = await new Buleleng2022(app).Drafted();

        (await Definition(plan.Tenant, IndicatorCheckpoints.LookupIndex))
            .ShouldEndWith("USING btree (stream, version, recorded_through, tenant_id)");
        var lookup = await Plan(plan.Tenant, IndicatorCheckpoints.Latest(IndicatorCheckpoints.Table(Store)),
            plan.Tenant, Indicator.StreamKey(plan.KoperasiAktif), DateTimeOffset.UtcNow, long.MaxValue);
        lookup.ShouldContain($"Index Scan Backward using {IndicatorCheckpoints.LookupIndex}", customMessage: lookup);
        lookup.ShouldNotContain("Sort", customMessage: lookup);
        lookup.ShouldNotContain("Filter", customMessage: lookup);
    }

    [Fact]
    public async Task a_plan_checkpoint_is_sought_by_scope_sequence_and_recorded_time_in_one_index()
    {
        var plan = await new Buleleng2022(app).Drafted();

        (await Definition(plan.Tenant, PlanCheckpoints.LookupIndex))
            .ShouldEndWith("USING btree (scope, sequence, recorded_through, tenant_id)");
        var lookup = await Plan(plan.Tenant, PlanCheckpoints.Latest(PlanCheckpoints.Table(Store)),
            plan.Tenant, OpdYear.Key(Buleleng2022.Opd, Buleleng2022.Year), DateTimeOffset.UtcNow);
        lookup.ShouldContain($"Index Scan Backward using {PlanCheckpoints.LookupIndex}", customMessage: lookup);
        lookup.ShouldNotContain("Sort", customMessage: lookup);
        lookup.ShouldNotContain("Filter", customMessage: lookup);
    }
}
