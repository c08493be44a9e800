using System.Net;
using System.Text.RegularExpressions;
using Sakip.Api.Tests.Renstra;

namespace Sakip.Api.Tests.Integrity;

/// <summary>
/// The Renstra is read by folding its streams, not from a projection: those folds too take only the rows the service
/// authenticated. A realization copied by SQL with another value reaches no Renstra read, live or as of an instant.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed partial class when_a_renstra_is_forged_in_the_database(SakipApp app)
{
    [GeneratedRegex("(?<![0-9A-Za-z.-])999(?![0-9A-Za-z-])")]
    private static partial Regex Forged();

    [Fact]
    public async Task a_copied_realization_with_another_value_reaches_no_renstra_read()
    {
        var lb = await new LampungBarat2018(app).Established();
        var iku = await lb.Indicator("IKU-2");
        var id = iku["id"]!.GetValue<string>();
        (await lb.Operator.PutJson($"/api/{lb.Tenant}/renstra-indicators/{id}/realizations/2018",
                new { expectedVersion = iku["version"]!.GetValue<int>(), value = 8.5, evidence = "LKjIP 2018" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var original = (await app.Events(lb.Tenant)).Last(e => e.Type == "renstra_realization_reported");

        await app.Sql(lb.Tenant, """
            insert into sakip.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type,
                                         is_archived, headers, correlation_id, causation_id, user_name)
            select nextval('sakip.mt_events_sequence'), gen_random_uuid(), stream_id, version + 1,
                   replace(data::text, '8.5', '999')::jsonb, type, now(), tenant_id, mt_dotnet_type, false, headers,
                   correlation_id, causation_id, user_name
            from sakip.mt_events where tenant_id = $1 and seq_id = $2
            """, lb.Tenant, original.Sequence);
        (await app.Events(lb.Tenant)).Last().Type.ShouldBe("renstra_realization_reported");

        var now = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(1).ToString("O"));
        foreach (var url in new[]
                 {
                     lb.Url, $"{lb.Url}?asOf={now}", $"{lb.Url}/cascade", $"{lb.Url}/lkjip?year=2018", $"{lb.Url}/lkjip?year=2018&asOf={now}",
                     $"{lb.Url}/revisions", $"/api/{lb.Tenant}/renstra-indicators/{id}", $"/api/{lb.Tenant}/renstra-indicators/{id}?asOf={now}",
                     $"/api/{lb.Tenant}/renstra-indicators/{id}/history",
                 })
        {
            var response = await lb.Inspector.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, url + " " + body);
            Forged().IsMatch(body).ShouldBeFalse(url + " holds 999: " + body);
        }

        var indicator = await (await lb.Inspector.GetAsync($"/api/{lb.Tenant}/renstra-indicators/{id}")).Json(HttpStatusCode.OK);
        indicator.ToJsonString().ShouldContain("8.5", customMessage: "the authentic realization is still read");
    }
}
