using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sakip.Api.Tests.Indicators;

namespace Sakip.Api.Tests.Infrastructure;

[Collection(SakipCollection.Name)]
public sealed class when_an_answer_leaves_the_service(SakipApp app)
{
    [Fact]
    public async Task api_answers_and_exports_are_not_sniffed_nor_stored_and_name_no_server()
    {
        var plan = await new Buleleng2022(app).Established();
        var answers = new[]
        {
            await plan.Admin.GetAsync($"/api/{plan.Tenant}/opds"),
            await plan.Admin.GetAsync($"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022/rencana-aksi?format=xlsx&consistent=true"),
            await app.ClientFor(plan.Tenant, "inspector").GetAsync($"/api/{plan.Tenant}/audit?format=csv"),
            await plan.Admin.GetAsync($"/api/{plan.Tenant}/opds/nothing"),
        };
        foreach (var answer in answers)
        {
            answer.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
            answer.Headers.CacheControl!.NoStore.ShouldBeTrue();
            answer.Headers.Contains("Server").ShouldBeFalse();
        }

        app.Factory.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader.ShouldBeFalse();
    }

    [Fact]
    public async Task readiness_details_are_for_the_system_role_and_everyone_else_gets_the_status()
    {
        var anonymous = await (await app.Client().GetAsync("/health/ready")).Json(HttpStatusCode.OK);
        // Healthy, or Degraded when another test has left quarantined events in its tenant (the app is shared): the
        // status, never the checks behind it.
        anonymous["status"]!.GetValue<string>().ShouldBeOneOf("Healthy", "Degraded");
        anonymous["checks"].ShouldBeNull();
        var tenant = SakipApp.NewTenant();
        (await (await app.ClientFor(tenant, "admin").GetAsync("/health/ready")).Json(HttpStatusCode.OK))["checks"].ShouldBeNull();

        var system = await (await app.ClientFor("ops", "system").GetAsync("/health/ready")).Json(HttpStatusCode.OK);
        system["checks"]!["projection-daemon"]!["detail"]!["leader"].ShouldNotBeNull();
        system["status"]!.GetValue<string>().ShouldBe(anonymous["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_caller_cannot_borrow_a_correlation_id_the_service_stamps_itself()
    {
        var tenant = SakipApp.NewTenant();
        var admin = app.ClientFor(tenant, "admin");
        foreach (var (code, borrowed) in new[] { ("dinkes", "demo-seed"), ("dinsos", "sakip-import"), ("dispar", "0af7651916cd43dd8448eb211c80319c") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/{tenant}/opds")
            {
                Content = JsonContent(new { code, name = "Dinas", urusanCodes = new[] { "1.02" } }),
            };
            request.Headers.Add("X-Correlation-Id", borrowed);
            var response = await admin.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.Created);
            var used = response.Headers.GetValues("X-Correlation-Id").Single();
            used.ShouldNotBe(borrowed);
            (await app.EventsOf(tenant, "opd:" + code)).Single().CorrelationId.ShouldBe(used);
        }

        using var own = new HttpRequestMessage(HttpMethod.Post, $"/api/{tenant}/opds")
        {
            Content = JsonContent(new { code = "diskop", name = "Dinas", urusanCodes = new[] { "1.02" } }),
        };
        own.Headers.Add("X-Correlation-Id", "my-request-1");
        (await admin.SendAsync(own)).Headers.GetValues("X-Correlation-Id").Single().ShouldBe("my-request-1");
    }

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body, System.Text.Json.JsonSerializerOptions.Web), System.Text.Encoding.UTF8,
            "application/json");
}
