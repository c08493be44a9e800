using System.Net;

namespace Sakip.Api.Tests.Indicators;

[Collection(SakipCollection.Name)]
public sealed class when_a_field_is_longer_or_other_than_it_can_be(SakipApp app)
{
    [Fact]
    public async Task formula_data_source_nip_and_legal_basis_have_limits_and_nothing_is_stored()
    {
        var plan = await new Buleleng2022(app).Established();
        var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}";
        var events = await app.EventCount(plan.Tenant);
        var revision = Buleleng2022.TargetRevision();

        (await (await plan.Planner.PutJson($"{url}/details", new
        {
            expectedVersion = 3, name = "Persentase Koperasi Aktif", unit = "%", formula = new string('f', 4001),
            dataSource = new string('d', 1001), revision,
        })).Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["formula", "dataSource"], ignoreOrder: true);

        foreach (var nip in new[] { "abc", "1968031219900310051", "19680312 199003 1 00" })
            (await (await plan.Planner.PutJson($"{url}/responsible", new { expectedVersion = 3, position = "Kepala Dinas", nip, revision }))
                .Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["nip"]);

        var longNumber = new
        {
            kind = "pkPerubahan", legalBasis = new { type = "PK Perubahan", number = new string('9', 201), date = "2022-09-15" },
            reason = "Penyesuaian", effectiveFromMonth = 9,
        };
        (await (await plan.Planner.PutJson($"{url}/responsible", new { expectedVersion = 3, position = "Kepala Dinas", revision = longNumber }))
            .Problem(HttpStatusCode.UnprocessableEntity)).ErrorFields().ShouldContain("revision.legalBasis.number");
        (await app.EventCount(plan.Tenant)).ShouldBe(events);

        var stored = await (await plan.Planner.PutJson($"{url}/responsible",
            new { expectedVersion = 3, position = "Kepala Dinas", name = "I Made", nip = "19680312 199003 1 005", revision = Buleleng2022.TargetRevision() }))
            .Json(HttpStatusCode.OK);
        stored["current"]!["responsible"]!["nip"]!.GetValue<string>().ShouldBe("196803121990031005");
    }
}
