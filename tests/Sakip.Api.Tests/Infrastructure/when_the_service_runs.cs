using System.Diagnostics;
using System.Net;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Sakip.Api.Tests.Infrastructure;

[Collection(SakipCollection.Name)]
public sealed class when_the_service_runs(SakipApp app)
{
    [Fact]
    public async Task it_is_live_and_ready_with_the_database_and_the_daemon()
    {
        var client = app.ClientFor("ops", "system");
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var ready = await (await client.GetAsync("/health/ready")).Json(HttpStatusCode.OK);
        ready["checks"]!["database"]!["status"]!.GetValue<string>().ShouldBe("Healthy");
        ready["checks"]!["projection-daemon"]!["status"]!.GetValue<string>().ShouldBe("Healthy");
    }

    [Fact]
    public async Task it_serves_the_openapi_document_and_the_reference_ui()
    {
        var client = app.Client();
        var openApi = await (await client.GetAsync("/openapi/v1.json")).Json(HttpStatusCode.OK);
        var paths = openApi["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.ShouldContain("/api/{tenant}/opds");
        paths.ShouldContain("/api/{tenant}/opds/{opd}");
        paths.ShouldContain("/api/{tenant}/opds/{opd}/name");
        paths.ShouldContain("/api/{tenant}/opds/{opd}/years/{year}/plan/agreement");
        paths.ShouldContain("/api/{tenant}/opds/{opd}/years/{year}/indicators");
        paths.ShouldContain("/api/{tenant}/indicators/{id}/targets");
        paths.ShouldContain("/api/{tenant}/indicators/{id}/history");
        paths.ShouldContain("/api/{tenant}/opds/{opd}/renstra/{startYear}-{endYear}");
        paths.ShouldContain("/api/{tenant}/opds/{opd}/renstra/{startYear}-{endYear}/lkjip");
        paths.ShouldContain("/api/{tenant}/opds/{opd}/renstra/{startYear}-{endYear}/cascade");
        paths.ShouldContain("/api/{tenant}/opds/{opd}/renstra/{startYear}-{endYear}/revisions");
        paths.ShouldContain("/api/{tenant}/imports/renstra");
        paths.ShouldContain("/api/{tenant}/renstra-indicators/{id}/targets");
        paths.ShouldContain("/api/{tenant}/indicators/{id}/renstra");
        var lkjip = openApi["paths"]!["/api/{tenant}/opds/{opd}/renstra/{startYear}-{endYear}/lkjip"]!["get"]!;
        lkjip["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["Renstra"]);
        lkjip["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>())
            .ShouldBe(["tenant", "opd", "startYear", "endYear", "year", "format", "asOf"], ignoreOrder: true);
        lkjip["description"]!.GetValue<string>().ShouldContain("LKjIP");

        var docs = await client.GetAsync("/docs/");
        docs.StatusCode.ShouldBe(HttpStatusCode.OK);
        // Scalar resolves the source against the application's base path, not against /docs/.
        (await docs.Content.ReadAsStringAsync()).ShouldContain("\"url\":\"openapi/v1.json\"");
        (await client.GetAsync("/docs/scalar.js")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_request_traces_the_http_server_span_with_database_work_beneath_it()
    {
        var tenant = SakipApp.NewTenant();
        var traceId = ActivityTraceId.CreateRandom();
        var client = app.ClientFor(tenant, "admin");
        client.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        (await client.PostJson($"/api/{tenant}/opds",
                new { code = "dinsos", name = "Dinas Sosial", urusanCodes = new[] { "1.06" } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var spans = await Eventually(() => app.Spans.ForTrace(traceId),
            s => s.Any(a => a.Kind == ActivityKind.Server));
        var server = spans.Single(a => a.Kind == ActivityKind.Server);
        server.Source.Name.ShouldBe("Microsoft.AspNetCore");
        server.GetTagItem("http.route")?.ToString().ShouldBe("/api/{tenant}/opds");
        var beneath = spans.Where(a => IsBeneath(a, server, spans)).ToList();
        beneath.ShouldContain(a => a.Source.Name == "Npgsql" || a.Source.Name == "Marten",
            "expected Marten or Npgsql spans under the HTTP span, got: " +
            string.Join(", ", spans.Select(a => $"{a.Source.Name}:{a.DisplayName}")));
        var resource = app.Factory.Services.GetRequiredService<TracerProvider>().GetResource();
        resource.Attributes.ShouldContain(a => a.Key == "service.name" && (string)a.Value == "sakip-eventstore");
    }

    [Fact]
    public async Task the_audit_trail_projection_records_each_change_with_its_user()
    {
        var tenant = SakipApp.NewTenant();
        var admin = app.ClientFor(tenant, "admin", userId: "adm-3", name: "Wayan Admin");
        (await admin.PostJson($"/api/{tenant}/opds",
                new { code = "dispar", name = "Dinas Pariwisata", urusanCodes = new[] { "3.26" } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.PutJson($"/api/{tenant}/opds/dispar/name",
                new { name = "Dinas Pariwisata dan Kebudayaan", expectedVersion = 1, reason = "Perda 3/2024" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        await app.WaitForProjections(TimeSpan.FromSeconds(30));

        var trail = await (await app.ClientFor(tenant, "inspector").GetAsync($"/api/{tenant}/audit"))
            .Json(HttpStatusCode.OK);
        var entries = trail["entries"]!.AsArray();
        entries.Count.ShouldBe(2);
        entries[0]!["eventType"]!.GetValue<string>().ShouldBe("opd_renamed");
        entries[0]!["userName"]!.GetValue<string>().ShouldBe("Wayan Admin");
        entries[0]!["userRole"]!.GetValue<string>().ShouldBe("admin");
        entries[0]!["reason"]!.GetValue<string>().ShouldBe("Perda 3/2024");
        entries[0]!["summary"]!.GetValue<string>().ShouldContain("Dinas Pariwisata dan Kebudayaan");
        entries[1]!["eventType"]!.GetValue<string>().ShouldBe("opd_registered");

        await (await app.ClientFor(tenant, "operator").GetAsync($"/api/{tenant}/audit"))
            .Problem(HttpStatusCode.Forbidden);
    }

    private static bool IsBeneath(Activity span, Activity root, IReadOnlyList<Activity> all)
    {
        var parent = span.ParentSpanId;
        for (var depth = 0; depth < 20 && parent != default; depth++)
        {
            if (parent == root.SpanId) return true;
            parent = all.FirstOrDefault(a => a.SpanId == parent)?.ParentSpanId ?? default;
        }

        return false;
    }

    private static async Task<T> Eventually<T>(Func<T> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var value = read();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(50);
        }
    }
}

