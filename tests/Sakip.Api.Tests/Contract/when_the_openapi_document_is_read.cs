using System.Net;
using System.Text.Json.Nodes;

namespace Sakip.Api.Tests.Contract;

/// <summary>
/// The OpenAPI document is the contract clients and fuzzers read. CI lints the copy this test writes to
/// SAKIP_OPENAPI_FILE with Redocly and Spectral (.ci/run).
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_the_openapi_document_is_read(SakipApp app)
{
    private async Task<JsonObject> Document()
    {
        var response = await app.Client().GetAsync("/openapi/v1.json");
        var text = await response.Content.ReadAsStringAsync();
        if (Environment.GetEnvironmentVariable("SAKIP_OPENAPI_FILE") is { Length: > 0 } file) await File.WriteAllTextAsync(file, text);
        return (await response.Json(HttpStatusCode.OK)).AsObject();
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (p.Key, o.Key, o.Value!.AsObject())));

    [Fact]
    public async Task every_operation_is_described_secured_and_lists_its_problems()
    {
        var document = await Document();
        document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>().ShouldBe("bearer");
        var tags = document["tags"]!.AsArray().ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!["description"]?.GetValue<string>());
        foreach (var (path, method, operation) in Operations(document))
        {
            var name = $"{method} {path}";
            var id = operation["operationId"]!.GetValue<string>();
            id.ShouldNotContain("_", customMessage: name);
            operation["summary"]!.GetValue<string>().ShouldNotBe(id, name);
            operation["description"]!.GetValue<string>().Length.ShouldBeGreaterThan(10, name);
            foreach (var tag in operation["tags"]!.AsArray().Select(t => t!.GetValue<string>()))
            {
                tag.ShouldNotContain(".", customMessage: name);
                tags[tag].ShouldNotBe(tag, name);
            }

            operation["security"]!.AsArray().ShouldHaveSingleItem()!["bearer"].ShouldNotBeNull(name);
            var responses = operation["responses"]!.AsObject();
            responses.Select(r => r.Key).ShouldContain(k => k.StartsWith('2'), name);
            foreach (var status in new[] { "400", "401", "403", "404" }) responses.ContainsKey(status).ShouldBeTrue($"{name} {status}");
            if (method is "post" or "put")
                foreach (var status in new[] { "409", "422" }) responses.ContainsKey(status).ShouldBeTrue($"{name} {status}");
            if (operation["requestBody"] is not null) responses.ContainsKey("413").ShouldBeTrue(name);
            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
                response!["content"]!["application/problem+json"].ShouldNotBeNull($"{name} {status}");
        }
    }

    [Fact]
    public async Task exports_and_imports_name_their_media_types()
    {
        var paths = (await Document())["paths"]!;
        string[] Types(JsonNode content) => content.AsObject().Select(c => c.Key).ToArray();
        Types(paths["/api/{tenant}/audit"]!["get"]!["responses"]!["200"]!["content"]!)
            .ShouldBe(["application/json", "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"], ignoreOrder: true);
        Types(paths["/api/{tenant}/opds/{opd}/years/{year}/rencana-aksi"]!["get"]!["responses"]!["200"]!["content"]!)
            .ShouldContain("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        Types(paths["/api/{tenant}/opds/{opd}/years/{year}/laporan-capaian"]!["get"]!["responses"]!["200"]!["content"]!)
            .ShouldContain("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        Types(paths["/api/{tenant}/imports/rencana-aksi"]!["post"]!["requestBody"]!["content"]!)
            .ShouldBe(["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "multipart/form-data"], ignoreOrder: true);
    }

    [Fact]
    public async Task schemas_type_integers_as_integers_give_arrays_items_and_keep_required_fields_not_nullable()
    {
        var document = await Document();
        var text = document.ToJsonString();
        text.ShouldNotContain("\"IResult\"");
        void Walk(JsonNode? node, string where)
        {
            if (node is JsonArray array)
            {
                foreach (var item in array) Walk(item, where);
                return;
            }

            if (node is not JsonObject schema) return;
            var types = schema["type"] switch
            {
                JsonArray a => a.Select(t => t!.GetValue<string>()).ToList(),
                JsonValue v when v.TryGetValue<string>(out var t) => [t],
                _ => [],
            };
            (types.Contains("integer") && types.Contains("string")).ShouldBeFalse(where);
            if (types.Contains("array")) schema["items"].ShouldNotBeNull(where);
            if (schema["required"] is JsonArray required && schema["properties"] is JsonObject properties)
                foreach (var field in required.Select(r => r!.GetValue<string>()))
                    properties[field]?["type"]?.ToJsonString().ShouldNotContain("null", customMessage: $"{where}.{field}");
            foreach (var (key, child) in schema) Walk(child, $"{where}.{key}");
        }

        Walk(document, "$");
        var register = document["components"]!["schemas"]!["RegisterOpd"]!["required"]!.AsArray().Select(r => r!.GetValue<string>());
        register.ShouldBe(["code", "name", "urusanCodes"], ignoreOrder: true);
    }
}
