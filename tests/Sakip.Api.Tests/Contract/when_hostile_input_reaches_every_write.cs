using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sakip.Api.Tests.Indicators;
using Xunit.Abstractions;

namespace Sakip.Api.Tests.Contract;

/// <summary>
/// Driven by the OpenAPI document, not by a list of endpoints: every write operation it describes gets a corpus of
/// hostile bodies (built from its request schema) and hostile path and query values, and must answer each with a
/// 4xx problem (application/problem+json) that names the field, never a 5xx, with a status the document lists, and
/// store nothing. A new endpoint is covered as soon as it is in the document.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_hostile_input_reaches_every_write(SakipApp app, ITestOutputHelper output)
{
    private static readonly string Megabyte = new('a', 1_000_000);

    [Fact]
    public async Task every_operation_refuses_every_input_with_a_problem_naming_the_field_and_stores_nothing()
    {
        var world = await World.Build(app);
        var document = await (await app.Client().GetAsync("/openapi/v1.json")).Json(HttpStatusCode.OK);
        var schemas = document["components"]!["schemas"]!.AsObject();
        var cases = new List<Case>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        foreach (var (method, operation) in item!.AsObject())
        {
            if (method is not ("post" or "put" or "patch" or "delete")) continue;
            cases.AddRange(Cases(path, method.ToUpperInvariant(), operation!.AsObject(), schemas, world));
        }

        var before = await app.EventCount(world.Tenant);
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        foreach (var c in cases)
        {
            var failure = await Check(c, world);
            if (failure is not null) failures.Add(failure);
        }

        clock.Stop();
        var operations = cases.Select(c => c.Operation).Distinct().Count();
        output.WriteLine($"{operations} write operations x {cases.Count} hostile inputs in {clock.Elapsed.TotalSeconds:0.0} s");
        operations.ShouldBeGreaterThanOrEqualTo(25);
        failures.ShouldBeEmpty(string.Join("\n", failures.Take(40)));
        (await app.EventCount(world.Tenant)).ShouldBe(before);
    }

    private sealed record Case(string Operation, string Method, string Url, HttpContent? Body, string? Field,
        IReadOnlyCollection<string> Documented, string Input, string[]? AllFields = null);

    private async Task<string?> Check(Case c, World world)
    {
        using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Url) { Content = c.Body };
        var client = c.Url.StartsWith("/system/", StringComparison.Ordinal) ? world.System : world.Admin;
        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        var what = $"{c.Operation} {c.Input}: {status} {Shorten(body)}";
        if (status is < 400 or >= 500) return "not a 4xx: " + what;
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return "not a problem: " + what;
        if (!c.Documented.Contains(status.ToString())) return "status not in the OpenAPI document: " + what;
        if (body.Contains("Sakip.Api", StringComparison.Ordinal) || body.Contains("System.", StringComparison.Ordinal) ||
            body.Contains("Exception", StringComparison.Ordinal)) return ".NET names in the answer: " + what;
        var fields = JsonNode.Parse(body)!.ErrorFields();
        bool Names(string field) => fields.Any(f => f == field || f.StartsWith(field + ".", StringComparison.Ordinal) ||
                                                    f.StartsWith(field + "[", StringComparison.Ordinal));
        if (c.Field is not null && !Names(c.Field)) return $"does not name '{c.Field}': " + what;
        if (c.AllFields?.FirstOrDefault(f => !Names(f)) is { } missing) return $"does not name required '{missing}': " + what;
        return null;
    }

    private static IEnumerable<Case> Cases(string path, string method, JsonObject operation, JsonObject schemas, World world)
    {
        var name = operation["operationId"]?.GetValue<string>() ?? $"{method} {path}";
        var documented = operation["responses"]!.AsObject().Select(r => r.Key).ToList();
        var parameters = operation["parameters"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        string Url(string? hostileName = null, string? hostileValue = null, string? queryName = null, string? queryValue = null)
        {
            var url = path;
            foreach (var p in parameters.Where(p => p["in"]!.GetValue<string>() == "path"))
            {
                var n = p["name"]!.GetValue<string>();
                url = url.Replace("{" + n + "}", n == hostileName ? hostileValue : world.PathValue(path, n));
            }

            return queryName is null ? url : $"{url}?{queryName}={queryValue}";
        }

        var content = operation["requestBody"]?["content"]?.AsObject();
        var json = content?["application/json"]?["schema"] is JsonObject bodySchema ? Resolve(bodySchema, schemas) : null;
        if (json is not null)
        {
            foreach (var (input, raw, field) in Bodies(json, schemas))
                yield return new Case(name, method, Url(), Json(raw), field, documented, input);
            var required = json["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToArray() ?? [];
            if (required.Length > 0)
                yield return new Case(name, method, Url(), Json("{}"), null, documented, "missing fields: {}", required);
        }
        else if (content is not null)
        {
            var type = content.Select(c => c.Key).First(k => k != "multipart/form-data");
            foreach (var (input, bytes) in Files())
                yield return new Case(name, method, Url(), Raw(bytes, type), null, documented, input);
        }

        foreach (var p in parameters.Where(p => p["in"]!.GetValue<string>() is "path" or "query"))
        {
            var n = p["name"]!.GetValue<string>();
            var inPath = p["in"]!.GetValue<string>() == "path";
            var type = Kind(p["schema"]!.AsObject());
            foreach (var (input, value, named) in Values(type, inPath))
            {
                var url = inPath ? Url(n, value) : Url(queryName: n, queryValue: value);
                yield return new Case(name, method, url, json is null ? null : Json("{}"), named ? n : null, documented,
                    $"{(inPath ? "path" : "query")} {n}={Shorten(value)}");
            }
        }
    }

    /// <summary>Bodies that no operation may take: (what, raw JSON, the field the answer must name).</summary>
    private static IEnumerable<(string, string, string?)> Bodies(JsonObject schema, JsonObject schemas)
    {
        yield return ("null body", "null", "$");
        yield return ("array body", "[]", "$");
        yield return ("string body", "\"x\"", "$");
        yield return ("number body", "42", "$");
        yield return ("malformed JSON", "{\"a\":", "$");
        yield return ("unknown field", "{\"notAField\": 1}", "notAField");
        var properties = schema["properties"]?.AsObject() ?? [];
        if (properties.FirstOrDefault() is { Key: { } first, Value: { } firstSchema })
        {
            var sample = Sample(Resolve(firstSchema.AsObject(), schemas));
            yield return ("duplicate key", $"{{\"{first}\": {sample}, \"{first}\": {sample}}}", first);
        }

        foreach (var (field, node) in properties)
        {
            var property = Resolve(node!.AsObject(), schemas);
            foreach (var (input, value) in Hostile(property, schemas))
                yield return ($"{field}: {input}", $"{{\"{field}\": {value}}}", field);
            // One level down: the first field of a nested object gets the same treatment.
            if (Kind(property) == "object" && property["properties"]?.AsObject().FirstOrDefault() is { Key: { } inner, Value: { } innerNode })
                foreach (var (input, value) in Hostile(Resolve(innerNode.AsObject(), schemas), schemas))
                    yield return ($"{field}.{inner}: {input}", $"{{\"{field}\": {{\"{inner}\": {value}}}}}", $"{field}.{inner}");
        }
    }

    private static IEnumerable<(string, string)> Hostile(JsonObject schema, JsonObject schemas)
    {
        var kind = Kind(schema);
        var nul = "\"a\\u0000b\"";
        var surrogate = "\"a\\ud800b\"";
        var huge = $"\"{Megabyte}\"";
        switch (kind)
        {
            case "string" when schema["enum"] is JsonArray:
                yield return ("undefined enum number", "99");
                yield return ("unknown enum name", "\"noSuchValue\"");
                yield return ("NUL", nul);
                break;
            case "string":
                yield return ("wrong type", "12345");
                yield return ("NUL", nul);
                yield return ("lone surrogate", surrogate);
                yield return ("1 MB string", huge);
                yield return ("object", "{}");
                break;
            case "integer" or "number":
                yield return ("wrong type", "\"12\"");
                yield return ("1e309", "1e309");
                yield return ("2^96", "79228162514264337593543950336");
                yield return ("NaN as string", "\"NaN\"");
                yield return ("Infinity as string", "\"Infinity\"");
                if (kind == "integer") yield return ("fraction", "1.5");
                break;
            case "boolean":
                yield return ("wrong type", "\"yes\"");
                yield return ("number", "1");
                break;
            case "array":
                yield return ("wrong type", "{}");
                var items = schema["items"] is JsonObject i ? Resolve(i, schemas) : new JsonObject();
                foreach (var (input, value) in Hostile(items, schemas).Take(3)) yield return ($"item {input}", $"[{value}]");
                break;
            case "object":
                yield return ("wrong type", "\"x\"");
                yield return ("array", "[]");
                break;
            case "cell":
                yield return ("1e309", "1e309");
                yield return ("2^96", "79228162514264337593543950336");
                yield return ("NaN as string", "\"NaN\"");
                yield return ("Infinity as string", "\"Infinity\"");
                yield return ("NUL", nul);
                yield return ("lone surrogate", surrogate);
                yield return ("1 MB string", huge);
                yield return ("object", "{}");
                break;
        }
    }

    /// <summary>Path and query values: (what, value as it goes in the URL, whether the answer must name the parameter).</summary>
    private static IEnumerable<(string, string, bool)> Values(string kind, bool inPath)
    {
        yield return ("dot segments", "..%2Fx", inPath || kind != "string");
        // A NUL in the path never reaches the application: the server (Kestrel, and the test server alike) refuses it.
        if (!inPath) yield return ("NUL", "a%00b", true);
        yield return ("lone surrogate", "a%ED%A0%80b", false);
        yield return ("too long", new string('a', inPath ? 200 : 3000), true);
        if (kind is "integer" or "number")
        {
            yield return ("not a number", "abc", true);
            yield return ("1e309", "1e309", true);
            yield return ("2^96", "79228162514264337593543950336", true);
            yield return ("NaN", "NaN", true);
        }

        if (kind == "boolean") yield return ("not a boolean", "maybe", true);
    }

    private static IEnumerable<(string, byte[])> Files()
    {
        yield return ("NUL bytes", [0, 0, 0, 0]);
        yield return ("invalid UTF-8 (lone surrogate)", [0x6F, 0x70, 0x64, 0x0A, 0xED, 0xA0, 0x80]);
        yield return ("JSON null", "null"u8.ToArray());
        yield return ("empty", []);
        yield return ("broken zip", [(byte)'P', (byte)'K', 3, 4, 1, 2, 3]);
        yield return ("1 MB cell", Encoding.UTF8.GetBytes("opd,year\n" + Megabyte + ",2022\n"));
    }

    private static string Kind(JsonObject schema)
    {
        var types = schema["type"] switch
        {
            JsonArray a => a.Select(t => t!.GetValue<string>()).Where(t => t != "null").ToList(),
            JsonValue v => [v.GetValue<string>()],
            _ => [],
        };
        if (types.Contains("number") && types.Contains("string")) return "cell";
        return types.FirstOrDefault() ?? (schema["properties"] is not null ? "object" : "cell");
    }

    private static JsonObject Resolve(JsonObject schema, JsonObject schemas)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference) return Resolve(schemas[reference.Split('/')[^1]]!.AsObject(), schemas);
        if (schema["oneOf"] is JsonArray oneOf && oneOf.OfType<JsonObject>().FirstOrDefault(o => o["type"]?.ToJsonString() != "\"null\"") is { } real)
            return Resolve(real, schemas);
        return schema;
    }

    private static string Sample(JsonObject schema) => Kind(schema) switch
    {
        "string" => schema["enum"] is JsonArray e ? e[0]!.ToJsonString() : "\"x\"",
        "integer" or "number" or "cell" => "1",
        "boolean" => "false",
        "array" => "[]",
        _ => "{}",
    };

    private static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    private static ByteArrayContent Raw(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
        return content;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";

    /// <summary>A tenant with something behind every path: an established plan, its nodes, indicators, a submitted realization.</summary>
    private sealed record World(string Tenant, HttpClient Admin, HttpClient System, string Indicator, string NodeId,
        string RenstraIndicator)
    {
        public static async Task<World> Build(SakipApp app)
        {
            var plan = await new Buleleng2022(app).Established();
            var op = app.ClientFor(plan.Tenant, "operator", userId: "op-01", opd: Buleleng2022.Opd);
            (await op.PutJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations/3", new
            {
                expectedVersion = 3, value = 19m, evidence = "Laporan RAT Maret 2022",
            })).StatusCode.ShouldBe(HttpStatusCode.OK);
            var nodes = (await (await plan.Planner.GetAsync(plan.PlanUrl)).Json(HttpStatusCode.OK))["nodes"]!.AsArray();
            // A Renstra with one IKU, so the Renstra routes reach their rules too.
            var renstra = $"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/renstra/2018-2022";
            (await plan.Planner.PostJson(renstra, new { })).StatusCode.ShouldBe(HttpStatusCode.Created);
            var iku = await (await plan.Planner.PostJson($"{renstra}/indicators", new
            {
                code = "IKU-1", level = "iku", sasaran = "Meningkatnya koperasi aktif", name = "Jumlah koperasi aktif",
                unit = "Kop", targets = new[] { new { year = 2018, target = 10 } },
            })).Json(HttpStatusCode.Created);
            return new World(plan.Tenant, app.ClientFor(plan.Tenant, "admin", userId: "adm-fuzz"),
                app.ClientFor(plan.Tenant, "system", userId: "ops-fuzz"), plan.KoperasiAktif, nodes[0]!["id"]!.GetValue<string>(),
                iku["id"]!.GetValue<string>());
        }

        public string PathValue(string path, string name) => name switch
        {
            "tenant" => Tenant,
            "id" when path.StartsWith("/system/", StringComparison.Ordinal) => Tenant,
            "opd" => Buleleng2022.Opd,
            "year" => Buleleng2022.Year.ToString(),
            "id" when path.StartsWith("/api/{tenant}/renstra-indicators/", StringComparison.Ordinal) => RenstraIndicator,
            "id" => Indicator,
            "period" => "3",
            "startYear" => "2018",
            "endYear" => "2022",
            "nodeId" => NodeId,
            "name" => "fuzz-scale",
            _ => "x",
        };
    }
}
