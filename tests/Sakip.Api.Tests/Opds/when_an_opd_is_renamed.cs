using System.Net;

namespace Sakip.Api.Tests.Opds;

[Collection(SakipCollection.Name)]
public sealed class when_an_opd_is_renamed(SakipApp app)
{
    private async Task<(string Tenant, HttpClient Client)> Registered()
    {
        var tenant = SakipApp.NewTenant();
        var client = app.ClientFor(tenant, "admin", userId: "bappeda-01", name: "Ketut Admin");
        (await client.PostJson($"/api/{tenant}/opds",
                new { code = "diskop", name = "Dinas Koperasi", urusanCodes = new[] { "2.17" } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        return (tenant, client);
    }

    [Fact]
    public async Task the_new_name_is_read_back_with_the_next_version_and_the_reason_is_kept()
    {
        var (tenant, client) = await Registered();

        var renamed = await (await client.PutJson($"/api/{tenant}/opds/diskop/name",
                new { name = "Dinas Koperasi dan UKM", expectedVersion = 1, reason = "Perbup 12/2023" }))
            .Json(HttpStatusCode.OK);
        renamed["version"]!.GetValue<int>().ShouldBe(2);

        var read = await (await client.GetAsync($"/api/{tenant}/opds/diskop")).Json(HttpStatusCode.OK);
        read["name"]!.GetValue<string>().ShouldBe("Dinas Koperasi dan UKM");
        read["version"]!.GetValue<int>().ShouldBe(2);

        var events = await app.EventsOf(tenant, "opd:diskop");
        events.Select(e => e.EventTypeName).ShouldBe(["opd_registered", "opd_renamed"]);
        events[1].Headers!["reason"].ToString().ShouldBe("Perbup 12/2023");
        events[1].Headers!["user_name"].ToString().ShouldBe("Ketut Admin");
    }

    [Fact]
    public async Task a_stale_version_is_a_409_with_the_current_version_and_nothing_is_stored()
    {
        var (tenant, client) = await Registered();
        (await client.PutJson($"/api/{tenant}/opds/diskop/name", new { name = "Nama Dua", expectedVersion = 1 }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var problem = await (await client.PutJson($"/api/{tenant}/opds/diskop/name",
            new { name = "Nama Tiga", expectedVersion = 1 })).Problem(HttpStatusCode.Conflict);

        problem["currentVersion"]!.GetValue<int>().ShouldBe(2);
        problem.ErrorFields().ShouldBe(["expectedVersion"]);
        (await app.EventsOf(tenant, "opd:diskop")).Count.ShouldBe(2);
    }

    [Fact]
    public async Task resending_an_applied_rename_with_its_old_version_is_a_409_not_a_complaint_about_the_name()
    {
        var (tenant, client) = await Registered();
        var rename = new { name = "Dinas Koperasi dan UKM", expectedVersion = 1 };
        (await client.PutJson($"/api/{tenant}/opds/diskop/name", rename)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var problem = await (await client.PutJson($"/api/{tenant}/opds/diskop/name", rename))
            .Problem(HttpStatusCode.Conflict);
        problem["currentVersion"]!.GetValue<int>().ShouldBe(2);

        var same = await (await client.PutJson($"/api/{tenant}/opds/diskop/name",
            new { name = "Dinas Koperasi dan UKM", expectedVersion = 2 })).Problem(HttpStatusCode.BadRequest);
        same.ErrorFields().ShouldBe(["name"]);
    }

    [Fact]
    public async Task concurrent_renames_from_one_version_never_both_win()
    {
        var (tenant, client) = await Registered();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            client.PutJson($"/api/{tenant}/opds/diskop/name", new { name = $"Nama {i}", expectedVersion = 1 })));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(7);
        (await app.EventsOf(tenant, "opd:diskop")).Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_missing_version_or_name_is_a_400_naming_both()
    {
        var (tenant, client) = await Registered();
        var problem = await (await client.PutJson($"/api/{tenant}/opds/diskop/name", new { reason = "x" }))
            .Problem(HttpStatusCode.BadRequest);
        problem.ErrorFields().OrderBy(f => f).ShouldBe(["expectedVersion", "name"]);
    }

    [Fact]
    public async Task renaming_an_unknown_opd_is_a_404()
    {
        var (tenant, client) = await Registered();
        await (await client.PutJson($"/api/{tenant}/opds/nope/name", new { name = "X", expectedVersion = 1 }))
            .Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_planner_may_not_rename()
    {
        var (tenant, _) = await Registered();
        await (await app.ClientFor(tenant, "planner").PutJson($"/api/{tenant}/opds/diskop/name",
            new { name = "X", expectedVersion = 1 })).Problem(HttpStatusCode.Forbidden);
        (await app.EventsOf(tenant, "opd:diskop")).Count.ShouldBe(1);
    }
}
