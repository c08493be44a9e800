using System.Net;
using Newtonsoft.Json.Linq;
using Npgsql;
using Snapshooter.Xunit;

namespace Sakip.Api.Tests.Contracts;

/// <summary>
/// Pins the stored form of every event type (its stable name and its JSON) as PostgreSQL holds it, so a
/// change to an event contract shows up as a reviewed snapshot change, not as silently unreadable history.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_event_contracts_are_stored(SakipApp app)
{
    [Fact]
    public async Task opd_events()
    {
        var tenant = SakipApp.NewTenant();
        var admin = app.ClientFor(tenant, "admin");
        (await admin.PostJson($"/api/{tenant}/opds", new
        {
            code = "disdagperinkop", name = "Dinas Perdagangan, Perindustrian dan Koperasi UKM",
            urusanCodes = new[] { "2.17", "3.30", "3.31" },
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.PutJson($"/api/{tenant}/opds/disdagperinkop/name",
                new { name = "Dinas Perdagangan dan Perindustrian", expectedVersion = 1 }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        Snapshot.Match(await StoredEvents(tenant));
    }

    private async Task<JArray> StoredEvents(string tenant)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select type, data::text from sakip.mt_events where tenant_id = $1 order by seq_id", connection)
        {
            Parameters = { new() { Value = tenant } },
        };
        var events = new JArray();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            events.Add(new JObject { ["type"] = reader.GetString(0), ["data"] = JToken.Parse(reader.GetString(1)) });
        return events;
    }
}
