using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sakip.Api.Capaian;
using Sakip.Api.Integrity;
using Sakip.Api.OpdYears;
using Sakip.Api.Tests.Indicators;
using Sakip.Api.Tests.Integrity;

namespace Sakip.Api.Tests.RencanaAksi;

/// <summary>
/// The live Rencana Aksi keeps its JSON answer under the row version of the OPD-year document it shows: a read first
/// asks only for that version, and computes the answer again (from the document) only when the projection wrote the
/// row since.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_the_live_rencana_aksi_is_read_again(SakipApp app)
{
    [Fact]
    public async Task an_answer_is_kept_under_the_documents_row_version_and_a_change_reads_the_document_again()
    {
        var plan = await new Buleleng2022(app).Established();
        var keys = app.Factory.Services.GetRequiredService<IntegrityKeys>();
        var cache = new ReportCache();
        await using var session = app.Store.QuerySession(plan.Tenant);
        Task<OpdYearRead> Read() => OpdYearRead.Load(Buleleng2022.Opd, Buleleng2022.Year, true, null, session, keys,
            CancellationToken.None, cache: cache);

        var first = await Read();
        first.Cached.ShouldBeNull("nothing kept yet");
        first.State.ShouldNotBeNull();
        var key = first.Key.ShouldBeOfType<LivePlanKey>();
        cache.Keep(key, [1, 2, 3], null);
        var again = await Read();
        again.Cached.ShouldNotBeNull("the same row: the kept answer, and no document read");
        again.Cached!.Json.ShouldBe(new byte[] { 1, 2, 3 });
        again.State.ShouldBeNull();

        // A row rewritten by hand (here with the same content) is another row version: the document is read again.
        (await app.Sql(plan.Tenant, "update sakip.mt_doc_opdyear set data = data where tenant_id = $1 and id = $2", plan.Tenant,
            OpdYear.Key(Buleleng2022.Opd, Buleleng2022.Year))).ShouldBe(1);
        var edited = await Read();
        edited.Cached.ShouldBeNull();
        edited.State.ShouldNotBeNull();
        edited.Key.ShouldNotBe(key);

        // A Perubahan: the projection writes the document again, so its row has another version and nothing kept under it.
        await Revise(plan);
        var after = await Read();
        after.Cached.ShouldBeNull();
        after.State.ShouldNotBeNull();
        after.Key.ShouldNotBe(key);
    }

    [Fact]
    public async Task over_http_the_kept_answer_is_the_computed_one_until_a_perubahan_and_then_the_replay_of_now()
    {
        var plan = await new Buleleng2022(app).Established();
        var url = $"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/{Buleleng2022.Year}/rencana-aksi";
        async Task<string> Live() => await (await plan.Planner.GetAsync($"{url}?consistent=true")).Content.ReadAsStringAsync();
        async Task<string> Replayed() => await (await plan.Planner.GetAsync(
            $"{url}?asOf={Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"))}")).Content.ReadAsStringAsync();

        var computed = await Live();
        (await Live()).ShouldBe(computed, "kept: the same bytes");
        (await Replayed()).ShouldBe(computed);

        await Revise(plan);
        var revised = await Live();
        revised.ShouldNotBe(computed, "the Perubahan is in the answer, not the answer kept before it");
        revised.ShouldBe(await Replayed(), "the live answer is the replay of every event up to now");
    }

    private static async Task Revise(Buleleng2022 plan) =>
        (await plan.Planner.PutJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/targets", new
        {
            expectedVersion = await plan.VersionOf(plan.KoperasiAktif), annualTarget = 80m,
            periodTargets = new object?[] { null, null, 19.5m, null, null, 39m, null, null, 60m, null, null, 80m },
            revision = Buleleng2022.TargetRevision(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
}
