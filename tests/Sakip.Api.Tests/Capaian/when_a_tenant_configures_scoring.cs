using System.Net;

namespace Sakip.Api.Tests.Capaian;

[Collection(SakipCollection.Name)]
public sealed class when_a_tenant_configures_scoring(SakipApp app)
{
    [Fact]
    public async Task the_cap_and_the_bands_apply_to_capaian_and_invalid_bands_are_refused()
    {
        var year = await new Perdagangan2024(app).Build();
        var admin = app.ClientFor(year.Tenant, "admin");
        var bands = new object[]
        {
            new { name = "Kurang", from = (decimal?)null, to = 70m }, new { name = "Cukup", from = 70m, to = 100m },
            new { name = "Baik", from = 100m, to = (decimal?)null },
        };

        var gap = await (await admin.PutJson($"/api/{year.Tenant}/scoring", new
        {
            cap = 105m, bands = new object[] { new { name = "Kurang", from = (decimal?)null, to = 60m }, new { name = "Baik", from = 70m, to = (decimal?)null } },
        })).Problem(HttpStatusCode.BadRequest);
        gap.ErrorFields().ShouldBe(["bands"]);
        await (await year.Planner.PutJson($"/api/{year.Tenant}/scoring", new { cap = 105m, bands }))
            .Problem(HttpStatusCode.Forbidden);

        (await admin.PutJson($"/api/{year.Tenant}/scoring", new { cap = 105m, bands })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await admin.PutJson($"/api/{year.Tenant}/scoring", new { cap = 110m, bands }))
            .Problem(HttpStatusCode.BadRequest);

        var december = await year.Capaian(12);
        var complaints = Perdagangan2024.Indicator(december, "ADUAN");
        complaints["capaian"]!.GetValue<decimal>().ShouldBe(105m, "110 capped at the tenant's 105");
        complaints["rating"]!.GetValue<string>().ShouldBe("Baik");
        Perdagangan2024.Indicator(december, "UTTP")["rating"]!.GetValue<string>().ShouldBe("Cukup"); // 95.24
    }
}
