using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Sakip.Api.Domain;
using Sakip.Api.Indicators;
using Sakip.Api.Realizations;
using Sakip.Api.Scales;
using Sakip.Api.Tests.Imports;

namespace Sakip.Api.Tests.Realizations;

/// <summary>
/// Each rule of reporting a realization and of a revision's effective month refuses the same input with the
/// same words through the API and through the importer, because both call the same pure function.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_a_rule_refuses_through_the_api_and_the_importer(SakipApp app)
{
    private const string Header = "opd,year,indicator_code,period,value,budget_realized,evidence,supporting_factors,inhibiting_factors,follow_up\n";

    private const string Revision = "revisionKind=pkPerubahan&legalBasisType=PK%20Perubahan&legalBasisNumber=PK-P%2F07%2F2022" +
                                    "&legalBasisDate=2022-09-15&reason=Evaluasi%20semester%20I&effectiveFromMonth=7";

    public static TheoryData<string> Rules =>
    [
        "period-out-of-range", "value-not-a-number", "budget-without-carrier", "budget-negative", "evidence-required",
        "verified-correction-needs-reason", "grade-not-on-scale", "revision-before-effective-month",
    ];

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task the_refusal_reads_the_same_on_both_paths(string rule)
    {
        var year = await Year();
        var (refusal, api, import) = rule switch
        {
            "period-out-of-range" => (RealizationRules.Period(13, Schedule.Monthly),
                await year.Submit("IKU-1", 13, new { expectedVersion = 1, value = 19m, evidence = "Laporan" }),
                await year.Import("diskop,2022,IKU-1,13,\"19,00\",,Laporan,,,")),
            "value-not-a-number" => (RealizationRules.Value(new RawValue(null, "sembilan"), ValueKind.Percent, null, _ => null).Refusal,
                await year.Submit("IKU-1", 3, new { expectedVersion = 1, value = "sembilan", evidence = "Laporan" }),
                await year.Import("diskop,2022,IKU-1,3,sembilan,,Laporan,,,")),
            "budget-without-carrier" => (RealizationRules.BudgetCarrier(1m, carriesBudget: false),
                await year.Submit("IKK-1", 3, new { expectedVersion = 1, value = "BB", budgetRealized = 1000m, evidence = "LHE" }),
                await year.Import("diskop,2022,IKK-1,3,BB,1.000,LHE,,,")),
            "budget-negative" => (RealizationRules.BudgetNotNegative(-1m),
                await year.Submit("IKU-1", 3, new { expectedVersion = 1, value = 19m, budgetRealized = -1000m, evidence = "Laporan" }),
                await year.Import("diskop,2022,IKU-1,3,\"19,00\",-1.000,Laporan,,,")),
            "evidence-required" => (RealizationRules.Evidence(" "),
                await year.Submit("IKU-1", 3, new { expectedVersion = 1, value = 19m, evidence = " " }),
                await year.Import("diskop,2022,IKU-1,3,\"19,00\",,,,,")),
            "verified-correction-needs-reason" => await Correction(year),
            "grade-not-on-scale" => (RealizationRules.Value(new RawValue(null, "Z"), ValueKind.Grade, GradeScale.PredikatAkip, _ => null).Refusal,
                await year.Submit("IKK-1", 3, new { expectedVersion = 1, value = "Z", evidence = "LHE" }),
                await year.Import("diskop,2022,IKK-1,3,Z,,LHE,,,")),
            "revision-before-effective-month" => await EarlyRevision(year),
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };

        refusal.ShouldNotBeNull().Rule.ShouldBe(rule);
        api.ShouldBe(refusal.Message);
        import.ShouldBe(refusal.Message);
    }

    private static async Task<(Refusal?, string, string)> Correction(DiskopYear year)
    {
        var id = await year.Id("IKU-1");
        await year.Submit("IKU-1", 4, new { expectedVersion = await year.VersionOf("IKU-1"), value = 20m, evidence = "Laporan April" });
        (await year.App.ClientFor(year.Tenant, "verifier", opd: "diskop").PostJson(
                $"/api/{year.Tenant}/indicators/{id}/realizations/4/verification", new { expectedVersion = await year.VersionOf("IKU-1") }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var verified = new Realization(4, RealizedValue.Of(20m), null, "Laporan April", null, null, null,
            RealizationStatus.Verified, DateTimeOffset.UnixEpoch, 0, null);
        return (RealizationRules.CorrectionReason(4, verified, null),
            await year.Submit("IKU-1", 4, new { expectedVersion = await year.VersionOf("IKU-1"), value = 21m, evidence = "Laporan April" }),
            await year.Import("diskop,2022,IKU-1,4,\"21,00\",,Laporan April,,,"));
    }

    private static async Task<(Refusal?, string, string)> EarlyRevision(DiskopYear year)
    {
        var id = await year.Id("IKU-1");
        var api = await year.Planner.PutJson($"/api/{year.Tenant}/indicators/{id}/targets", new
        {
            expectedVersion = await year.VersionOf("IKU-1"), annualTarget = 78m,
            periodTargets = new object?[] { null, null, 20m, null, null, 39m, null, null, 58.5m, null, null, 78m },
            revision = new
            {
                kind = "pkPerubahan", legalBasis = new { type = "PK Perubahan", number = "PK-P/07/2022", date = "2022-09-15" },
                reason = "Evaluasi semester I", effectiveFromMonth = 7,
            },
        });
        var import = await DiskopYear.Upload(year.Planner, $"/api/{year.Tenant}/imports/rencana-aksi?{Revision}",
            when_a_plan_is_imported.Plan().Replace("\"19,50\"", "\"20,00\""));
        return (EffectiveMonth.Check(Schedule.Monthly, [3], 7).Single(),
            await DiskopYear.Message(api, HttpStatusCode.UnprocessableEntity, "periodTargets[3]"),
            await DiskopYear.Message(import, HttpStatusCode.UnprocessableEntity, "p3"));
    }

    private async Task<DiskopYear> Year()
    {
        var tenant = SakipApp.NewTenant();
        (await app.ClientFor(tenant, "admin").PostJson($"/api/{tenant}/opds",
            new { code = "diskop", name = "Dinas Koperasi", urusanCodes = new[] { "2.17" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var year = new DiskopYear(app, tenant);
        (await DiskopYear.Upload(year.Planner, $"/api/{tenant}/imports/rencana-aksi", when_a_plan_is_imported.Plan()))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var plan = await (await year.Planner.GetAsync($"/api/{tenant}/opds/diskop/years/2022/plan")).Json(HttpStatusCode.OK);
        (await year.Planner.PostJson($"/api/{tenant}/opds/diskop/years/2022/plan/agreement", new
        {
            expectedVersion = plan["version"]!.GetValue<int>(), documentNumber = "PK/01/2022", signedOn = "2022-02-01",
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return year;
    }

    private sealed class DiskopYear(SakipApp app, string tenant)
    {
        public SakipApp App => app;
        public string Tenant => tenant;
        public HttpClient Planner { get; } = app.ClientFor(tenant, "planner", userId: "pln-5", name: "Wayan Import", opd: "diskop");
        private HttpClient Operator { get; } = app.ClientFor(tenant, "operator", userId: "op-7", name: "Made Operator", opd: "diskop");

        private async Task<JsonNode> Indicator(string code) =>
            (await (await Planner.GetAsync($"/api/{tenant}/opds/diskop/years/2022/indicators")).Json(HttpStatusCode.OK))
            .AsArray().Single(i => i!["code"]!.GetValue<string>() == code)!;

        public async Task<string> Id(string code) => (await Indicator(code))["id"]!.GetValue<string>();

        public async Task<int> VersionOf(string code) => (await Indicator(code))["version"]!.GetValue<int>();

        /// <summary>The API's words for the field the rule names; a valid body (the correction's setup) gives "".</summary>
        public async Task<string> Submit(string code, int period, object body)
        {
            var response = await Operator.PutJson($"/api/{tenant}/indicators/{await Id(code)}/realizations/{period}",
                Rebase(body, await VersionOf(code)));
            if (response.StatusCode == HttpStatusCode.OK) return "";
            var problem = await response.Json(response.StatusCode);
            return ((JsonObject)problem["errors"]!).Single().Value!.AsArray().Single()!.GetValue<string>();
        }

        /// <summary>The importer's words for the one row error.</summary>
        public async Task<string> Import(string row)
        {
            var problem = await (await Upload(Operator, $"/api/{tenant}/imports/realisasi", Header + row + "\n"))
                .Problem(HttpStatusCode.UnprocessableEntity);
            return problem["errors"]!.AsArray().Single()!["message"]!.GetValue<string>();
        }

        private static JsonNode Rebase(object body, int version)
        {
            var json = System.Text.Json.JsonSerializer.SerializeToNode(body)!;
            json["expectedVersion"] = version;
            return json;
        }

        public static async Task<string> Message(HttpResponseMessage response, HttpStatusCode status, string field)
        {
            var errors = (await response.Problem(status))["errors"]!;
            return errors is JsonObject byField
                ? byField[field]!.AsArray().Single()!.GetValue<string>()
                : errors.AsArray().Single(e => e!["column"]!.GetValue<string>() == field)!["message"]!.GetValue<string>();
        }

        public static Task<HttpResponseMessage> Upload(HttpClient client, string url, string csv)
        {
            var content = new StringContent(csv, Encoding.UTF8, "text/csv");
            content.Headers.Add("X-File-Name", "file.csv");
            return client.PostAsync(url, content);
        }
    }
}
