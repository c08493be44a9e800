using System.Net;
using System.Text.Json;
using Sakip.Api.Capaian;
using Sakip.Api.Indicators;
using Sakip.Api.Realizations;
using Sakip.Api.Tests.Indicators;
using Sakip.Api.Tests.Integrity;

namespace Sakip.Api.Tests.Capaian;

/// <summary>
/// The capaian table and the Laporan Capaian read a model shaped for them — targets, counted realizations, statuses and
/// budget per indicator, no texts or histories — that the OPD-year projection keeps beside the OPD-year document.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_capaian_is_read_from_its_model(SakipApp app)
{
    private async Task<Buleleng2022> PlanWithARealization(string evidence)
    {
        var plan = await new Buleleng2022(app).Established();
        var operatorClient = app.ClientFor(plan.Tenant, "operator", userId: "op-01", name: "Wayan Operator", opd: Buleleng2022.Opd);
        (await operatorClient.PutJson($"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}/realizations/3",
                new { expectedVersion = await plan.VersionOf(plan.KoperasiAktif), value = 12m, evidence }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.WaitForProjections(TimeSpan.FromSeconds(60));
        return plan;
    }

    [Fact]
    public async Task it_holds_a_few_hundred_bytes_per_indicator_and_none_of_the_texts()
    {
        var plan = await PlanWithARealization("Berita acara RAT nomor 17/2022");
        var model = await app.Scalar<string>(plan.Tenant,
            "select data::text from sakip.mt_doc_capaianmodel where tenant_id = $1 and id = $2", plan.Tenant, $"{Buleleng2022.Opd}:2022");
        var indicators = await app.Scalar<int>(plan.Tenant,
            "select jsonb_array_length(data->'indicators') from sakip.mt_doc_capaianmodel where tenant_id = $1 and id = $2",
            plan.Tenant, $"{Buleleng2022.Opd}:2022");
        var indicatorBytes = await app.Scalar<int>(plan.Tenant,
            "select octet_length((data->'indicators')::text) from sakip.mt_doc_capaianmodel where tenant_id = $1 and id = $2",
            plan.Tenant, $"{Buleleng2022.Opd}:2022");
        var full = await app.Scalar<int>(plan.Tenant,
            "select octet_length(data::text) from sakip.mt_doc_opdyear where tenant_id = $1 and id = $2", plan.Tenant, $"{Buleleng2022.Opd}:2022");

        indicators.ShouldBeGreaterThan(0);
        // Twelve monthly targets, a twelve-month budget plan and the realizations: a few hundred bytes each.
        (indicatorBytes / indicators).ShouldBeLessThan(700, model);
        model.Length.ShouldBeLessThan(full, "the OPD-year document holds texts and histories the reports never read");
        model.ShouldNotContain("Berita acara RAT");
        model.ShouldContain("\"status\": \"Submitted\"", customMessage: "PostgreSQL prints jsonb with a space after each colon");
    }

    [Fact]
    public async Task the_live_reports_are_computed_from_it_and_asOf_from_the_events()
    {
        var plan = await PlanWithARealization("RAT");
        var reports = new[] { "capaian?month=6", "laporan-capaian?month=6" };
        var analyst = app.ClientFor(plan.Tenant, "analyst", userId: "ana-01", name: "Gede Analis");
        var now = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(1).ToString("O"));
        var url = $"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022";
        foreach (var report in reports)
            (await (await analyst.GetAsync($"{url}/{report}")).Content.ReadAsStringAsync())
                .ShouldBe(await (await analyst.GetAsync($"{url}/{report}&asOf={now}")).Content.ReadAsStringAsync(), report);

        // The model edited by hand (it is derived data, see docs/integrity.md) shows in the live reports only.
        await app.Sql(plan.Tenant, """
            update sakip.mt_doc_capaianmodel set data = jsonb_set(data, '{indicators,0,name}', '"Diubah di basis data"')
            where tenant_id = $1
            """, plan.Tenant);
        foreach (var report in reports)
        {
            (await (await analyst.GetAsync($"{url}/{report}")).Content.ReadAsStringAsync()).ShouldContain("Diubah di basis data");
            (await (await analyst.GetAsync($"{url}/{report}&asOf={now}")).Content.ReadAsStringAsync()).ShouldNotContain("Diubah di basis data");
        }
    }

    [Fact]
    public void its_compact_values_read_back_exactly()
    {
        TargetValue?[] targets =
        [
            null, TargetValue.Of(19.50m), TargetValue.OfGrade("A"), TargetValue.Between(-5m, 10.0m), TargetValue.Of(0m),
            new TargetValue { Number = 3m, Grade = "B" }, TargetValue.OfGrade("1-2"),
        ];
        RealizedValue[] realized = [RealizedValue.Of(12.340m), RealizedValue.OfGrade("BB"), new RealizedValue(), new RealizedValue { Number = 1m, Grade = "A" }];
        var indicator = new CapaianIndicator("i", "IKU-1", "Nama", "%", "n", Polarity.Negative, Aggregation.Last, Schedule.Monthly,
            null, true, TargetValue.Between(80m, 90.00m), targets, 1_000.50m, [null, 5.5m],
            realized.Select((v, i) => new CountedRealization(i + 1, v, RealizationStatus.Verified, i == 0 ? null : 7.25m)).ToList());
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var json = JsonSerializer.Serialize(indicator, options);
        var back = JsonSerializer.Deserialize<CapaianIndicator>(json, options)!;

        JsonSerializer.Serialize(back, options).ShouldBe(json);
        back.PeriodTargets.ShouldBe(targets);
        back.Realizations.Select(r => r.Value).ShouldBe(realized);
        back.AnnualTarget.ShouldBe(indicator.AnnualTarget);
        back.PeriodTargets[1]!.Number.ToString().ShouldBe("19.50");
        json.ShouldContain("[null,19.50,{\"grade\":\"A\"}");
    }

    [Fact]
    public async Task a_read_side_written_before_the_model_existed_answers_the_same_from_the_fold()
    {
        var plan = await PlanWithARealization("RAT");
        var analyst = app.ClientFor(plan.Tenant, "analyst", userId: "ana-01", name: "Gede Analis");
        var url = $"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022/capaian?month=6";
        var before = await (await analyst.GetAsync(url)).Content.ReadAsStringAsync();
        (await app.Sql(plan.Tenant, "delete from sakip.mt_doc_capaianmodel where tenant_id = $1", plan.Tenant)).ShouldBe(1);

        var response = await analyst.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe(before);
    }
}
