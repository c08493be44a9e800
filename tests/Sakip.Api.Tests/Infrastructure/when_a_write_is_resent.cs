using System.Net;
using System.Text;
using Sakip.Api.Tests.Indicators;

namespace Sakip.Api.Tests.Infrastructure;

[Collection(SakipCollection.Name)]
public sealed class when_a_write_is_resent(SakipApp app)
{
    private HttpClient Operator(Buleleng2022 plan, string userId = "op-01") =>
        app.ClientFor(plan.Tenant, "operator", userId: userId, name: "Nyoman Operator", opd: Buleleng2022.Opd);

    private static object Realization(int version, decimal value) => new
    {
        expectedVersion = version, value, budgetRealized = 18_000_000m, evidence = "Laporan RAT Koperasi",
    };

    private static Task<HttpResponseMessage> Put(HttpClient client, string url, object body, string key,
        CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url)
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request, ct);
    }

    [Fact]
    public async Task the_resend_gets_the_first_answer_and_no_second_event()
    {
        var plan = await new Buleleng2022(app).Established();
        var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations/3";
        var version = await plan.VersionOf(plan.KoperasiAktif);
        var before = await app.EventCount(plan.Tenant);

        var first = await Put(Operator(plan), url, Realization(version, 19m), "k-001");
        var firstBody = await first.Content.ReadAsStringAsync();
        first.StatusCode.ShouldBe(HttpStatusCode.OK, firstBody);
        first.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();

        var again = await Put(Operator(plan), url, Realization(version, 19m), "k-001");
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        again.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await again.Content.ReadAsStringAsync()).ShouldBe(firstBody);
        (await app.EventCount(plan.Tenant)).ShouldBe(before + 1);

        // Without the key the same body is a new write, refused on the stale version: the key made the difference.
        await (await Operator(plan).PutJson(url, Realization(version, 19m))).Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task a_key_reused_for_another_request_is_refused_and_changes_nothing()
    {
        var plan = await new Buleleng2022(app).Established();
        var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations/3";
        var version = await plan.VersionOf(plan.KoperasiAktif);
        (await Put(Operator(plan), url, Realization(version, 19m), "k-002")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var events = await app.EventCount(plan.Tenant);

        var reused = await (await Put(Operator(plan), url, Realization(version + 1, 25m), "k-002"))
            .Problem(HttpStatusCode.UnprocessableEntity);
        reused.ErrorFields().ShouldBe(["Idempotency-Key"]);
        (await (await Put(Operator(plan), url, Realization(version, 19m), "bad key with spaces"))
            .Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["Idempotency-Key"]);
        (await app.EventCount(plan.Tenant)).ShouldBe(events);

        // Keys belong to their user: another operator's k-002 is a request of its own.
        var other = await Put(Operator(plan, "op-02"), $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations/6",
            Realization(version + 1, 40m), "k-002");
        other.StatusCode.ShouldBe(HttpStatusCode.OK);
        other.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        (await app.EventCount(plan.Tenant)).ShouldBe(events + 1);
    }

    [Fact]
    public async Task a_refused_write_keeps_no_answer_so_the_corrected_retry_runs()
    {
        var plan = await new Buleleng2022(app).Established();
        var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations/3";
        var version = await plan.VersionOf(plan.KoperasiAktif);

        await (await Put(Operator(plan), url, Realization(version + 7, 19m), "k-003")).Problem(HttpStatusCode.Conflict);
        var retried = await Put(Operator(plan), url, Realization(version + 7, 19m), "k-003");
        retried.StatusCode.ShouldBe(HttpStatusCode.Conflict, "the stale version is refused again, not replayed from a record");
        retried.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
    }

    [Fact]
    public async Task simultaneous_resends_store_one_event_and_all_get_its_answer()
    {
        var plan = await new Buleleng2022(app).Established();
        var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations/3";
        var version = await plan.VersionOf(plan.KoperasiAktif);
        var before = await app.EventCount(plan.Tenant);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(async () =>
            {
                var response = await Put(Operator(plan), url, Realization(version, 19m), "k-004");
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            })));

        answers.Select(a => a.StatusCode).Distinct().ShouldBe([HttpStatusCode.OK], string.Join("\n", answers.Select(a => a.Body)));
        answers.Select(a => a.Body).Distinct().Count().ShouldBe(1);
        (await app.EventCount(plan.Tenant)).ShouldBe(before + 1);
    }

    [Fact]
    public async Task an_attempt_abandoned_by_its_client_is_completed_by_the_resend_exactly_once()
    {
        var plan = await new Buleleng2022(app).Established();
        var version = await plan.VersionOf(plan.KoperasiAktif);
        var before = await app.EventCount(plan.Tenant);
        int[] periods = [3, 6, 9];
        int[] giveUpAfterMs = [0, 15, 60];

        for (var i = 0; i < periods.Length; i++)
        {
            var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations/{periods[i]}";
            var body = Realization(version + i, 20m * (i + 1));
            using (var timeout = new CancellationTokenSource(giveUpAfterMs[i]))
            {
                try
                {
                    (await Put(Operator(plan), url, body, $"k-005-{i}", timeout.Token)).Dispose();
                }
                catch (OperationCanceledException)
                {
                    // The client timed out: it cannot know whether the write committed.
                }
            }

            HttpResponseMessage resent;
            var attempts = 0;
            do
            {
                if (attempts++ > 0) await Task.Delay(100);
                resent = await Put(Operator(plan), url, body, $"k-005-{i}");
            } while (resent.StatusCode == HttpStatusCode.Conflict && attempts < 50);

            resent.StatusCode.ShouldBe(HttpStatusCode.OK, await resent.Content.ReadAsStringAsync());
        }

        (await app.EventCount(plan.Tenant)).ShouldBe(before + periods.Length);
        var realized = (await plan.Indicator(plan.KoperasiAktif))["realizations"]!.AsArray();
        realized.Select(r => r!["period"]!.GetValue<int>()).ShouldBe(periods);
    }
}
