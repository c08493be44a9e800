using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sakip.Api.Tests;

public static class Http
{
    public static async Task<JsonNode> Json(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return JsonNode.Parse(body) ?? throw new InvalidOperationException("empty body");
    }

    /// <summary>Asserts an RFC 7807 body with the status, and returns it.</summary>
    public static async Task<JsonNode> Problem(this HttpResponseMessage response, HttpStatusCode expected)
    {
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Json(expected);
        problem["status"]!.GetValue<int>().ShouldBe((int)expected);
        problem["title"].ShouldNotBeNull();
        return problem;
    }

    /// <summary>Fields named by a problem: keys of a field-error map, or the columns of row-located import errors.</summary>
    public static IReadOnlyCollection<string> ErrorFields(this JsonNode problem) => problem["errors"] switch
    {
        JsonObject fields => fields.Select(p => p.Key).ToList(),
        JsonArray rows => rows.Select(r => r?["column"]?.GetValue<string>() ?? "").ToList(),
        _ => [],
    };

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, JsonSerializerOptions.Web);

    public static Task<HttpResponseMessage> PutJson(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body, JsonSerializerOptions.Web);

    public static Task<HttpResponseMessage> PostRaw(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
}
