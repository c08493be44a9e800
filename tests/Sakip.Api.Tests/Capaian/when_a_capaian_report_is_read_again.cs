using System.Net;
using System.Net.Http.Headers;
using Sakip.Api.Capaian;
using Sakip.Api.Tests.Indicators;

namespace Sakip.Api.Tests.Capaian;

/// <summary>
/// The capaian table and the Laporan Capaian keep their computed bodies under the versions of what they are computed
/// from (the capaian model, the grade scales, the scoring): a read again answers the kept body, and anything that
/// changes an input (a realization folded in, a scoring change) answers a new one.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_a_capaian_report_is_read_again(SakipApp app)
{
    private static readonly string[] Reports = ["capaian?month=6", "laporan-capaian?month=6"];

    private async Task<(Buleleng2022 Plan, HttpClient Operator)> PlanWithARealization(decimal value)
    {
        var plan = await new Buleleng2022(app).Established();
        var operatorClient = app.ClientFor(plan.Tenant, "operator", userId: "op-01", name: "Wayan Operator", opd: Buleleng2022.Opd);
        await Realize(plan, operatorClient, 3, value);
        return (plan, operatorClient);
    }

    private async Task Realize(Buleleng2022 plan, HttpClient operatorClient, int month, decimal value)
    {
        (await operatorClient.PutJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations/{month}",
                new { expectedVersion = await plan.VersionOf(plan.KoperasiAktif), value, evidence = "Berita acara RAT" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.WaitForProjections(TimeSpan.FromSeconds(60));
    }

    private static async Task<(string Body, string? ETag, HttpResponseMessage Response)> Read(HttpClient client, string url,
        string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (ifNoneMatch is not null) request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        var response = await client.SendAsync(request);
        return (await response.Content.ReadAsStringAsync(), response.Headers.ETag?.Tag, response);
    }

    [Fact]
    public async Task the_same_body_comes_back_until_a_new_realization_changes_it()
    {
        var (plan, operatorClient) = await PlanWithARealization(12m);
        var analyst = app.ClientFor(plan.Tenant, "analyst", userId: "ana-01", name: "Gede Analis");
        var url = $"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022";
        var first = new Dictionary<string, (string Body, string? ETag)>();
        foreach (var report in Reports)
        {
            var (body, etag, response) = await Read(analyst, $"{url}/{report}");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            etag.ShouldNotBeNull(report);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
            var again = await Read(analyst, $"{url}/{report}");
            again.Body.ShouldBe(body, report);
            again.ETag.ShouldBe(etag, report);

            var unchanged = await Read(analyst, $"{url}/{report}", ifNoneMatch: etag);
            unchanged.Response.StatusCode.ShouldBe(HttpStatusCode.NotModified, report);
            unchanged.Body.ShouldBeEmpty();
            unchanged.Response.Headers.GetValues("X-Record-Integrity").ShouldBe(["verified"]);
            unchanged.Response.Headers.Contains("X-Read-Model-Sequence").ShouldBeTrue();
            first[report] = (body, etag);
        }

        await Realize(plan, operatorClient, 6, 31.5m);

        foreach (var report in Reports)
        {
            var (body, etag, response) = await Read(analyst, $"{url}/{report}", ifNoneMatch: first[report].ETag);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, report);
            etag.ShouldNotBe(first[report].ETag, report);
            body.ShouldNotBe(first[report].Body, report);
            body.ShouldContain("31.5", customMessage: report);
            // The kept body is the one a replay of the events computes: nothing of the earlier body survives.
            var now = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(1).ToString("O"));
            (await Read(analyst, $"{url}/{report}&asOf={now}")).Body.ShouldBe(body, report);
        }
    }

    [Fact]
    public async Task a_changed_scoring_changes_the_answer()
    {
        var (plan, _) = await PlanWithARealization(12m);
        var analyst = app.ClientFor(plan.Tenant, "analyst", userId: "ana-01", name: "Gede Analis");
        var url = $"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022/capaian?month=3";
        var before = await Read(analyst, url);
        before.Body.ShouldNotContain("Tercapai");

        var bands = new object[]
        {
            new { name = "Belum Tercapai", from = (decimal?)null, to = 100m }, new { name = "Tercapai", from = 100m, to = (decimal?)null },
        };
        (await plan.Admin.PutJson($"/api/{plan.Tenant}/scoring", new { cap = 100m, bands })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var after = await Read(analyst, url, ifNoneMatch: before.ETag);
        after.Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        after.ETag.ShouldNotBe(before.ETag);
        after.Body.ShouldContain("\"rating\":\"Belum Tercapai\"", customMessage: "61.54 % of the month-3 target, now under 100");
    }

    [Fact]
    public async Task one_tenant_never_reads_the_body_kept_for_another()
    {
        var (first, _) = await PlanWithARealization(12m);
        var (second, _) = await PlanWithARealization(7m);
        var path = $"opds/{Buleleng2022.Opd}/years/2022/capaian?month=6";
        var firstBody = await Read(app.ClientFor(first.Tenant, "analyst"), $"/api/{first.Tenant}/{path}");
        var secondBody = await Read(app.ClientFor(second.Tenant, "analyst"), $"/api/{second.Tenant}/{path}");

        firstBody.Body.ShouldNotBe(secondBody.Body, "the same OPD, year and month, but another tenant's realization");
        firstBody.ETag.ShouldNotBe(secondBody.ETag);
        (await Read(app.ClientFor(first.Tenant, "analyst"), $"/api/{first.Tenant}/{path}")).Body.ShouldBe(firstBody.Body);
        (await Read(app.ClientFor(second.Tenant, "analyst"), $"/api/{first.Tenant}/{path}")).Response.StatusCode
            .ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public void a_key_names_the_tenant_opd_year_report_and_month_of_its_body()
    {
        var inputs = new ReportInputs("7 2026-01-01", null, "9 2026-01-01");
        var key = new ReportKey("tenant-a", "dinkes", 2024, "capaian", 6, inputs);
        var cache = new ReportCache(1024);
        cache.Keep(key, "{}"u8.ToArray());

        cache.Find(key with { Inputs = inputs with { } })!.Json.ShouldBe("{}"u8.ToArray());
        foreach (var other in new[]
                 {
                     key with { Tenant = "tenant-b" }, key with { Opd = "dikpora" }, key with { Year = 2025 },
                     key with { Report = "laporan-capaian" }, key with { Month = 7 }, key with { Inputs = inputs with { Model = "8 2026-01-01" } },
                     key with { Inputs = inputs with { Scales = "1 2026-01-01" } },
                 })
        {
            cache.Find(other).ShouldBeNull(other.ToString());
            other.EntityTag().ShouldNotBe(key.EntityTag());
        }
    }
}
