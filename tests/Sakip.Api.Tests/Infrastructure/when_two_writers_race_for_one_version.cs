using System.Net;

namespace Sakip.Api.Tests.Infrastructure;

[Collection(SakipCollection.Name)]
public sealed class when_two_writers_race_for_one_version(SakipApp app)
{
    [Fact]
    public async Task every_loser_learns_the_current_version()
    {
        var tenant = SakipApp.NewTenant();
        var admin = app.ClientFor(tenant, "admin");
        (await admin.PostJson($"/api/{tenant}/opds", new { code = "dinkes", name = "Dinas Kesehatan", urusanCodes = new[] { "1.02" } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => admin.PutJson($"/api/{tenant}/opds/dinkes/name",
            new { name = $"Dinas Kesehatan {i}", expectedVersion = 1, reason = "Perda 1/2024" })));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            var problem = await loser.Problem(HttpStatusCode.Conflict);
            problem["currentVersion"]!.GetValue<long>().ShouldBe(2);
        }

        (await app.EventCount(tenant)).ShouldBe(2);
    }
}
