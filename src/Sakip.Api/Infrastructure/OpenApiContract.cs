using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Wolverine.Http;

namespace Sakip.Api.Infrastructure;

/// <summary>
/// Shapes the generated OpenAPI document into the contract clients and fuzzers read: every operation with a summary
/// and description (from the endpoint's XML doc comment), its operation id, the bearer scheme, the problem responses
/// it really gives as application/problem+json, the media types of exports and imports; schemas with integers typed
/// integer, arrays with items, and [Required] fields required and not nullable. Done on the JSON of the document so
/// it depends on nothing but the document itself.
/// </summary>
public static class OpenApiContract
{
    public const string Scheme = "bearer";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["OPDs"] = "The tenant's register of agencies (Perangkat Daerah).",
        ["Plans"] = "The plan of an OPD-year: the node tree, the Perjanjian Kinerja, closing and reopening.",
        ["Indicators"] = "Indicator streams: definitions, targets, budgets, officials, formal revisions, history.",
        ["Realizations"] = "Monthly or quarterly realizations, their verification (four eyes) and return.",
        ["Capaian"] = "Achievement (capaian) tables, the Laporan Capaian and the tenant's scoring.",
        ["Rencana Aksi"] = "The Rencana Aksi document, now or as it stood at any instant, and what changed between two.",
        ["Renstra"] = "The five-year Renstra of an OPD (IKU, IKI per position, targets per year), its revisions, the cascade into annual plans and the LKjIP table.",
        ["Imports"] = "CSV or Excel imports of plans, realizations and Renstra (one transaction per file).",
        ["Grade scales"] = "Ordinal scales for qualitative targets.",
        ["Audit"] = "The audit trail, the Perubahan register with red flags, and inspectors' notes.",
        ["Integrity"] = "Tamper evidence: the HMAC chain, its verification and signed checkpoints.",
        ["Operations"] = "Events a read model skipped, and their replay.",
        ["Tenants"] = "Adding tenants at run time (database-per-tenant mode; system role), and how a tenant names itself on its documents.",
    };

    private static readonly (int Status, string Description)[] Common =
    [
        (400, "A path, query or body value is missing or unreadable; errors names each field by its JSON path."),
        (401, "No token, or a token that is invalid, expired, of an unknown role or too long-lived."),
        (403, "The token may not do this: another tenant, a role without the right, another OPD, or an OPD-scoped token naming no OPD."),
        (404, "The tenant, or the record the path names, does not exist."),
    ];

    private static readonly (int Status, string Description)[] Writes =
    [
        (409, "Based on a stale expectedVersion (currentVersion says the current one), a duplicate, or a concurrent change that won."),
        (422, "Well-formed, but refused by a rule of the plan (e.g. a formal revision is needed), or an Idempotency-Key reused for another request."),
    ];

    private static readonly (int Status, string Description)[] Bodies =
    [
        (413, "The body is larger than the operation accepts."),
        (415, "The body is not in a format the operation reads."),
    ];

    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IApplicationBuilder UseOpenApiContract(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsGet(context.Request.Method) || !context.Request.Path.StartsWithSegments("/openapi") ||
            context.Request.Path.Value?.EndsWith(".json", StringComparison.Ordinal) != true)
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.StatusCode != StatusCodes.Status200OK)
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(original);
            return;
        }

        var document = JsonNode.Parse(buffer.ToArray())!.AsObject();
        Shape(document, context);
        context.Response.ContentLength = null;
        await context.Response.WriteAsync(document.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }));
    });

    private static void Shape(JsonObject document, HttpContext context)
    {
        var request = context.Request;
        document["info"] = new JsonObject
        {
            ["title"] = "Sakip.EventStore",
            ["version"] = "v1",
            ["description"] = "Event-sourced SAKIP: Rencana Aksi, realizations, capaian and audit trail. Every /api and " +
                              "/system operation needs 'Authorization: Bearer <token>' (see the README's token command). " +
                              "Refusals are RFC 7807 problem details (application/problem+json); field errors are under " +
                              "'errors', keyed by the field's JSON path.",
            ["contact"] = new JsonObject { ["name"] = "Sakip.EventStore", ["url"] = "https://sakip.dev" },
            ["license"] = new JsonObject { ["name"] = "Proprietary", ["url"] = "https://sakip.dev/license" },
        };
        // Relative to where the document is served: the same document is right behind any host or proxy.
        document["servers"] = new JsonArray(new JsonObject { ["url"] = request.PathBase.HasValue ? request.PathBase.Value : "/" });
        var components = document["components"] as JsonObject ?? new JsonObject();
        document["components"] = components;
        components["securitySchemes"] = new JsonObject
        {
            [Scheme] = new JsonObject
            {
                ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT",
                ["description"] = "A token from the service's token command (tenant, user, role and, for OPD-scoped roles, the OPD).",
            },
        };
        var schemas = components["schemas"] as JsonObject ?? new JsonObject();
        components["schemas"] = schemas;
        schemas["ProblemDetails"] = ProblemSchema();
        schemas.Remove("IResult");
        if (schemas["JsonElement"] is JsonObject cell) TargetCell(cell);

        var chains = context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.Metadata.GetMetadata<HttpChain>()).OfType<HttpChain>().ToList();
        var tags = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in (document["paths"] as JsonObject ?? []).ToList())
        {
            foreach (var (method, node) in (item as JsonObject ?? []).ToList())
            {
                if (node is not JsonObject operation) continue;
                var chain = chains.FirstOrDefault(c => "/" + c.RoutePattern?.RawText?.TrimStart('/') == path &&
                                                       c.HttpMethods.Contains(method.ToUpperInvariant()));
                Operation(path, method.ToUpperInvariant(), operation, chain);
                foreach (var tag in operation["tags"]?.AsArray() ?? []) tags.Add(tag!.GetValue<string>());
            }
        }

        document["tags"] = new JsonArray(tags.Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t, ["description"] = TagDescriptions.GetValueOrDefault(t, t),
        }).ToArray());
        var requests = new HashSet<string>(StringComparer.Ordinal);
        foreach (var body in document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject())
                     .Select(o => o.Value?["requestBody"]).OfType<JsonNode>())
            Referenced(body, schemas, requests);
        foreach (var (name, schema) in schemas.ToList()) Schema(name, schema as JsonObject, requests.Contains(name));
    }

    private static void Operation(string path, string method, JsonObject operation, HttpChain? chain)
    {
        var secured = path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/system/", StringComparison.Ordinal);
        if (chain is not null)
        {
            var (summary, description) = XmlDocs.Of(chain.Method.Method);
            operation["operationId"] = chain.DisplayName;
            operation["summary"] = summary ?? chain.DisplayName;
            operation["description"] = description ?? summary ?? chain.DisplayName;
        }

        if (secured) operation["security"] = new JsonArray(new JsonObject { [Scheme] = new JsonArray() });
        foreach (var parameter in operation["parameters"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            if (parameter["schema"] is JsonObject schema) Types(schema);
            var known = parameter["name"]?.GetValue<string>() switch
            {
                "tenant" => "The tenant (regional government); must be the token's.",
                "opd" => "OPD code, e.g. disdagperinkop.",
                "year" => "Fiscal year.",
                "id" => "Indicator id.",
                "period" => "Period: month 1-12, or quarter 1-4 for a quarterly indicator.",
                "asOf" => "An ISO-8601 instant with offset: the answer as it stood then.",
                "format" => "json (default), or a file format where the operation offers one.",
                _ => null,
            };
            if (known is not null) parameter["description"] ??= known;
        }

        var write = method is "POST" or "PUT" or "PATCH" or "DELETE";
        var import = path.Contains("/imports/", StringComparison.Ordinal);
        if (import) operation["requestBody"] = ImportBody();
        var responses = operation["responses"] as JsonObject ?? new JsonObject();
        operation["responses"] = responses;
        foreach (var (status, response) in responses.ToList())
        {
            var refersToResult = response?["content"]?.ToJsonString().Contains("/IResult\"", StringComparison.Ordinal) == true;
            var empty = status.StartsWith('4') && response?["content"] is null;
            if (refersToResult || empty) responses.Remove(status);
        }

        if (!responses.Any(r => r.Key.StartsWith('2')))
            responses[write && method == "POST" ? "201" : "200"] = new JsonObject { ["description"] = "Done." };
        foreach (var (_, response) in responses.Where(r => r.Key.StartsWith('2')))
            if (response is JsonObject ok) ok["description"] ??= "OK";
        Exports(path, responses);

        var refusals = secured ? Common.AsEnumerable() : [];
        if (write && secured) refusals = refusals.Concat(Writes);
        if (operation["requestBody"] is not null) refusals = refusals.Concat(Bodies);
        foreach (var (status, description) in refusals)
        {
            responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["description"] = description,
                ["content"] = new JsonObject
                {
                    ["application/problem+json"] = new JsonObject
                    {
                        ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/ProblemDetails" },
                    },
                },
            };
        }

        if (write && secured)
        {
            var parameters = operation["parameters"] as JsonArray ?? new JsonArray();
            operation["parameters"] = parameters;
            parameters.Add(new JsonObject
            {
                ["name"] = Http.Idempotency.Header, ["in"] = "header", ["required"] = false,
                ["description"] = "Resend a write with the same key (e.g. a UUID) to get its first answer back, never a second change.",
                ["schema"] = new JsonObject { ["type"] = "string", ["maxLength"] = 200 },
            });
        }
    }

    /// <summary>Operations that answer a file with ?format= say so, with the file's media type.</summary>
    private static void Exports(string path, JsonObject responses)
    {
        var types = path.EndsWith("/audit", StringComparison.Ordinal) ? ["text/csv", Xlsx]
            : path.EndsWith("/rencana-aksi", StringComparison.Ordinal) || path.EndsWith("/laporan-capaian", StringComparison.Ordinal)
                ? new[] { Xlsx }
                : [];
        if (types.Length == 0 || responses["200"] is not JsonObject ok) return;
        var content = ok["content"] as JsonObject ?? new JsonObject();
        ok["content"] = content;
        foreach (var type in types)
            content[type] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "binary" } };
        ok["description"] = "The document as JSON, or as a file with format=" + (types.Length == 2 ? "csv or xlsx." : "xlsx.");
    }

    private static JsonObject ImportBody()
    {
        JsonObject File() => new() { ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "binary" } };
        return new JsonObject
        {
            ["required"] = true,
            ["description"] = "The filled template: CSV (UTF-8; comma, semicolon or tab) or Excel (.xlsx), as the raw body " +
                              "(name it in X-File-Name) or as the file of a multipart form.",
            ["content"] = new JsonObject
            {
                ["text/csv"] = File(),
                [Xlsx] = File(),
                ["multipart/form-data"] = new JsonObject
                {
                    ["schema"] = new JsonObject
                    {
                        ["type"] = "object", ["required"] = new JsonArray("file"),
                        ["properties"] = new JsonObject { ["file"] = new JsonObject { ["type"] = "string", ["format"] = "binary" } },
                    },
                },
            },
        };
    }

    private static JsonObject ProblemSchema() => new()
    {
        ["type"] = "object",
        ["description"] = "RFC 7807 problem details, in the service's words.",
        ["required"] = new JsonArray("type", "title", "status", "detail"),
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = "string", ["description"] = "Kind of problem (a URI)." },
            ["title"] = new JsonObject { ["type"] = "string" },
            ["status"] = new JsonObject { ["type"] = "integer", ["format"] = "int32" },
            ["detail"] = new JsonObject { ["type"] = "string" },
            ["instance"] = new JsonObject { ["type"] = "string" },
            ["errors"] = new JsonObject
            {
                ["description"] = "Messages per field, keyed by the field's JSON path ($ for the body); imports list rows instead.",
                ["type"] = new JsonArray("object", "array"),
                ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
                ["items"] = new JsonObject { ["type"] = "object" },
            },
            ["currentVersion"] = new JsonObject
            {
                ["type"] = "integer", ["format"] = "int64", ["description"] = "On 409: the version to base a retry on.",
            },
            ["traceId"] = new JsonObject { ["type"] = "string" },
        },
    };

    /// <summary>The schemas a request body uses, directly or nested.</summary>
    private static void Referenced(JsonNode node, JsonObject schemas, HashSet<string> found)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["$ref"]?.GetValue<string>() is { } reference && found.Add(reference.Split('/')[^1]) &&
                    schemas[reference.Split('/')[^1]] is { } target)
                    Referenced(target, schemas, found);
                foreach (var (_, child) in o) if (child is not null) Referenced(child, schemas, found);
                break;
            case JsonArray a:
                foreach (var child in a) if (child is not null) Referenced(child, schemas, found);
                break;
        }
    }

    private static void Schema(string name, JsonObject? schema, bool request)
    {
        if (schema is null) return;
        Types(schema);
        var required = request ? RequiredFields.Of(name) : [];
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (field, property) in properties.ToList())
            {
                if (property is not JsonObject p) continue;
                if (required.Contains(field)) NotNull(p);
                Types(p);
                if (p["items"] is JsonObject items) Types(items);
                // "null or any value" (a JsonElement? field) is one schema, not a oneOf whose branches overlap.
                if (p["oneOf"] is JsonArray alternatives && alternatives.Any(a => a?["$ref"]?.ToJsonString() == "\"#/components/schemas/JsonElement\""))
                {
                    p.Remove("oneOf");
                    TargetCell(p);
                }
                if (p.Count == 0 || p.Count == 1 && p.ContainsKey("description")) TargetCell(p);
                if (p["items"] is JsonObject { Count: 0 } anyItem) TargetCell(anyItem);
            }

            // A request's required fields are what its checks refuse to miss, not every constructor parameter; an
            // answer's are those always present with a value (a field that may be null is not required).
            if (request) schema.Remove("required");
            else if (schema["required"] is JsonArray always)
            {
                var kept = always.Select(r => r!.GetValue<string>())
                    .Where(r => properties[r] is not JsonObject p || !Nullable(p)).ToList();
                if (kept.Count == 0) schema.Remove("required");
                else schema["required"] = new JsonArray(kept.Select(r => (JsonNode)r!).ToArray());
            }
            if (required.Count > 0)
                schema["required"] = new JsonArray(required.Where(properties.ContainsKey).Select(r => (JsonNode)r!).ToArray());
        }
    }

    /// <summary>A value of any shape in the API is a target cell: a number, text (a number, a range or a grade), or null.</summary>
    private static void TargetCell(JsonObject schema)
    {
        schema["type"] = new JsonArray("number", "string", "null");
        schema["description"] ??= "A number, a range such as \"80-90\", a grade on the indicator's scale, or null / \"-\" for none.";
    }

    /// <summary>Integers are integers: "integer | string" (numbers read from strings) is not what this API accepts.</summary>
    private static void Types(JsonObject schema)
    {
        if (schema.ContainsKey("pattern") && schema["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "string") &&
            types.Any(t => t?.GetValue<string>() is "integer" or "number"))
        {
            var kept = types.Select(t => t!.GetValue<string>()).Where(t => t != "string").ToList();
            schema["type"] = kept.Count == 1 ? kept[0] : new JsonArray(kept.Select(t => (JsonNode)t!).ToArray());
            schema.Remove("pattern");
        }
        var array = schema["type"] is JsonArray kinds ? kinds.Any(k => k?.GetValue<string>() == "array") : schema["type"]?.GetValue<string>() == "array";
        if (array && schema["items"] is null) schema["items"] = new JsonObject();
    }

    private static bool Nullable(JsonObject schema) =>
        schema["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null") ||
        schema["oneOf"] is JsonArray oneOf && oneOf.Any(o => o?["type"]?.ToJsonString() == "\"null\"");

    private static void NotNull(JsonObject schema)
    {
        if (schema["type"] is JsonArray types)
        {
            var kept = types.Select(t => t!.GetValue<string>()).Where(t => t != "null").ToList();
            schema["type"] = kept.Count == 1 ? kept[0] : new JsonArray(kept.Select(t => (JsonNode)t!).ToArray());
        }

        if (schema["oneOf"] is JsonArray oneOf)
        {
            foreach (var nullType in oneOf.Where(o => o?["type"]?.ToJsonString() == "\"null\"").ToList()) oneOf.Remove(nullType);
            if (oneOf.Count == 1)
            {
                var only = oneOf[0]!.DeepClone();
                schema.Remove("oneOf");
                foreach (var (k, v) in only.AsObject().ToList()) schema[k] = v?.DeepClone();
            }
        }
    }

    /// <summary>Fields a request must carry: marked [Required], or typed as non-nullable references.</summary>
    private static class RequiredFields
    {
        private static readonly NullabilityInfoContext Nullability = new();
        private static readonly Dictionary<string, Type> Types = typeof(OpenApiContract).Assembly.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract && t.IsClass).GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.First());

        public static IReadOnlyList<string> Of(string schemaName)
        {
            if (!Types.TryGetValue(schemaName, out var type) || type.Namespace?.StartsWith("Sakip.Api", StringComparison.Ordinal) != true)
                return [];
            return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetCustomAttribute<System.ComponentModel.DataAnnotations.RequiredAttribute>() is not null ||
                            !p.PropertyType.IsValueType && Nullability.Create(p).ReadState == NullabilityState.NotNull)
                .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToList();
        }
    }

    /// <summary>Summaries and descriptions from the endpoints' XML doc comments (the build writes Sakip.Api.xml).</summary>
    private static class XmlDocs
    {
        private static readonly Lazy<Dictionary<string, string>> Members = new(() =>
        {
            var file = Path.ChangeExtension(typeof(OpenApiContract).Assembly.Location, ".xml");
            if (!File.Exists(file)) return [];
            return XDocument.Load(file).Descendants("member")
                .Where(m => m.Attribute("name")?.Value.StartsWith("M:", StringComparison.Ordinal) == true && m.Element("summary") is not null)
                .GroupBy(m => m.Attribute("name")!.Value.Split('(')[0])
                .ToDictionary(g => g.Key, g => Flatten(g.First().Element("summary")!));
        });

        public static (string? Summary, string? Description) Of(MethodInfo method)
        {
            if (!Members.Value.TryGetValue($"M:{method.DeclaringType!.FullName}.{method.Name}", out var text)) return (null, null);
            var end = text.IndexOf(". ", StringComparison.Ordinal);
            var summary = end > 0 ? text[..(end + 1)] : text;
            return (summary.Length <= 120 ? summary : summary[..117] + "...", text);
        }

        private static string Flatten(XElement summary) => string.Join(" ", string.Concat(summary.Nodes().Select(n => n switch
        {
            XText t => t.Value,
            XElement { Name.LocalName: "see" } e => e.Attribute("cref")?.Value.Split('.').Last() ?? e.Value,
            XElement e => e.Value,
            _ => "",
        })).Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
    }
}
