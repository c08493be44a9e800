using System.Net;
using Marten.Events;
using System.Text.Json.Nodes;
using Sakip.Api.Tests.Indicators;
using Snapshooter.Xunit;

namespace Sakip.Api.Tests.Audit;

[Collection(SakipCollection.Name)]
public sealed class when_inspectors_read_the_audit_trail(SakipApp app)
{
    private async Task<(Buleleng2022 Plan, HttpClient Inspector)> RevisedYear()
    {
        var plan = await new Buleleng2022(app).Established();
        var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}";
        var op = app.ClientFor(plan.Tenant, "operator", userId: "op-3", name: "Komang Operator", opd: Buleleng2022.Opd);
        (await op.PutJson($"{url}/realizations/3", new { expectedVersion = 3, value = 19m, budgetRealized = 18_000_000m, evidence = "RAT" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.ClientFor(plan.Tenant, "verifier", opd: Buleleng2022.Opd).PostJson($"{url}/realizations/3/verification",
            new { expectedVersion = 4 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await op.PutJson($"{url}/realizations/3", new
        {
            expectedVersion = 5, value = 19.3m, budgetRealized = 18_000_000m, evidence = "RAT (revisi)", correctionReason = "Salah input",
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await plan.Admin.PutJson($"{url}/budget", new
        {
            expectedVersion = 6, pagu = 80_000_000m,
            monthlyPlan = Buleleng2022.SimpanPinjamPlan.Take(11).Append(80_000_000m).ToArray(), revision = Buleleng2022.BudgetRevision(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await plan.Planner.PutJson($"{url}/targets", new
        {
            expectedVersion = 7, annualTarget = 80m,
            periodTargets = new object?[] { null, null, 19.5m, null, null, 39m, null, null, 60m, null, null, 80m },
            revision = Buleleng2022.TargetRevision(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await plan.Planner.PutJson($"{url}/responsible", new
        {
            expectedVersion = 8, position = "Kepala Bidang Koperasi", name = "I Made Sudarma",
            revision = new
            {
                kind = "changeOfOfficial", legalBasis = new { type = "SK Bupati", number = "821/45/2022", date = "2022-07-01" },
                reason = "Mutasi", effectiveFromMonth = 7,
            },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.WaitForProjections(TimeSpan.FromSeconds(30));
        return (plan, app.ClientFor(plan.Tenant, "inspector", userId: "insp-1", name: "Inspektur"));
    }

    private static Dictionary<string, (string? Before, string? After)> Changes(JsonNode entry) =>
        entry["changes"]!.AsArray().ToDictionary(c => c!["field"]!.GetValue<string>(),
            c => (c!["before"]?.GetValue<string>(), c["after"]?.GetValue<string>()));

    [Fact]
    public async Task each_change_has_its_values_before_and_after_and_its_author()
    {
        var (plan, inspector) = await RevisedYear();
        var page = await (await inspector.GetAsync($"/api/{plan.Tenant}/audit?indicator=IKU-1&limit=500")).Json(HttpStatusCode.OK);
        var entries = page["entries"]!.AsArray();
        entries.Select(e => e!["eventType"]!.GetValue<string>()).ShouldBe([
            "responsible_official_assigned", "targets_set", "budget_set", "realization_submitted", "realization_verified",
            "realization_submitted", "budget_set", "targets_set", "indicator_defined",
        ]);

        var official = entries[0]!;
        Changes(official)["responsible"].ShouldBe(("Kepala Dinas", "Kepala Bidang Koperasi — I Made Sudarma"));
        official["revisionKind"]!.GetValue<string>().ShouldBe("changeOfOfficial");
        var targets = Changes(entries[1]!);
        targets["annualTarget"].ShouldBe(("78", "80"));
        targets["periodTargets[12]"].ShouldBe(("78", "80"));
        entries[1]!["legalBasis"]!["number"]!.GetValue<string>().ShouldBe("800/456/PK-P/Disdagperinkop/2022");
        entries[1]!["userName"]!.GetValue<string>().ShouldBe("Putu Perencana");
        var budget = Changes(entries[2]!);
        budget["pagu"].ShouldBe(("75144905.00", "80000000.00"));
        budget["budgetPlan[12]"].ShouldBe(("75144905.00", "80000000.00"));
        entries[2]!["userName"]!.GetValue<string>().ShouldBe("Kadek Bappeda");
        var correction = Changes(entries[3]!);
        correction["realization[3]"].ShouldBe(("19", "19.3"));
        correction["realization[3].status"].ShouldBe(("Verified", "Submitted"));
        entries[3]!["reason"]!.GetValue<string>().ShouldBe("Salah input");
        Changes(entries[4]!)["realization[3].status"].ShouldBe(("Submitted", "Verified"));
        var realization = Changes(entries[5]!);
        realization["realization[3]"].ShouldBe((null, "19"));
        realization["realization[3].budget"].ShouldBe((null, "18000000.00"));
        entries[5]!["userRole"]!.GetValue<string>().ShouldBe("operator");
        Changes(entries[6]!)["pagu"].ShouldBe((null, "75144905.00"));
        entries.ShouldAllBe(e => e!["opd"]!.GetValue<string>() == Buleleng2022.Opd && e["year"]!.GetValue<int>() == 2022);

        var pinned = (Newtonsoft.Json.Linq.JObject)Contracts.when_event_contracts_are_stored.Scrubbed(
            Newtonsoft.Json.Linq.JToken.Parse(entries[1]!.ToJsonString()));
        foreach (var perRun in new[] { "sequence", "correlationId", "causationId" }) pinned.Remove(perRun);
        Snapshot.Match(pinned, "audit-entry-json");
    }

    [Fact]
    public async Task filters_and_roles_narrow_the_trail()
    {
        var (plan, inspector) = await RevisedYear();
        var byOperator = await (await inspector.GetAsync($"/api/{plan.Tenant}/audit?role=operator")).Json(HttpStatusCode.OK);
        byOperator["entries"]!.AsArray().ShouldAllBe(e => e!["userId"]!.GetValue<string>() == "op-3");
        var planEvents = await (await inspector.GetAsync($"/api/{plan.Tenant}/audit?eventType=agreement_signed")).Json(HttpStatusCode.OK);
        planEvents["entries"]!.AsArray().ShouldHaveSingleItem()!["subject"]!.GetValue<string>().ShouldBe("plan");

        var ownOpd = app.ClientFor(plan.Tenant, "operator", opd: Buleleng2022.Opd);
        (await (await ownOpd.GetAsync($"/api/{plan.Tenant}/audit")).Json(HttpStatusCode.OK))["entries"]!.AsArray()
            .ShouldAllBe(e => e!["opd"]!.GetValue<string>() == Buleleng2022.Opd);
        await (await ownOpd.GetAsync($"/api/{plan.Tenant}/audit?opd=dinkes")).Problem(HttpStatusCode.Forbidden);
        await (await inspector.GetAsync($"/api/{plan.Tenant}/audit?from=kemarin")).Problem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task paging_neither_skips_nor_repeats_while_new_changes_arrive()
    {
        var (plan, inspector) = await RevisedYear();
        var expected = (await (await inspector.GetAsync($"/api/{plan.Tenant}/audit?limit=500")).Json(HttpStatusCode.OK))["entries"]!
            .AsArray().Select(e => e!["id"]!.GetValue<string>()).ToList();

        var seen = new List<string>();
        string? cursor = null;
        var admin = app.ClientFor(plan.Tenant, "admin");
        var n = 0;
        do
        {
            var page = await (await inspector.GetAsync($"/api/{plan.Tenant}/audit?limit=3{(cursor is null ? "" : $"&cursor={cursor}")}"))
                .Json(HttpStatusCode.OK);
            seen.AddRange(page["entries"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
            (await admin.PostJson($"/api/{plan.Tenant}/opds", new { code = $"opd-{n++}", name = "Dinas Baru", urusanCodes = new[] { "1.01" } }))
                .StatusCode.ShouldBe(HttpStatusCode.Created);
            await app.WaitForProjections(TimeSpan.FromSeconds(30));
        } while (cursor is not null);

        seen.ShouldBe(expected);
    }

    [Fact]
    public async Task the_csv_and_excel_exports_carry_the_same_selection()
    {
        var (plan, inspector) = await RevisedYear();
        var csv = await (await inspector.GetAsync($"/api/{plan.Tenant}/audit?indicator=IKU-1&format=csv")).Content.ReadAsStringAsync();
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(10);
        Snapshot.Match(lines[0], "audit-csv-header");
        lines[2].ShouldContain(",annualTarget: 78 → 80; periodTargets[9]: 58.5 → 60; periodTargets[12]: 78 → 80,");

        var xlsx = await inspector.GetAsync($"/api/{plan.Tenant}/audit?indicator=IKU-1&format=xlsx");
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), useHeaderRow: true).ToList();
        rows.Count.ShouldBe(9);
    }
}
