using System.Net;
using System.Text;
using Sakip.Api.Tests.Indicators;

namespace Sakip.Api.Tests.Infrastructure;

/// <summary>
/// What the service could not read is a 400 naming the field, in the service's own words, and stores nothing: never a
/// 500, never a silently ignored value, never a .NET type name or exception text.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_a_request_cannot_be_read(SakipApp app)
{
    private static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    private static async Task<IReadOnlyCollection<string>> Refused(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldNotContain("Sakip.Api");
        body.ShouldNotContain("System.");
        body.ShouldNotContain("Exception");
        return (await response.Problem(status)).ErrorFields();
    }

    [Theory]
    [InlineData("null", "$")]
    [InlineData("[]", "$")]
    [InlineData("{\"code\": 5, \"name\": \"Dinas\", \"urusanCodes\": [\"1.02\"]}", "code")]
    [InlineData("{\"code\": \"dinkes\", \"name\": \"Di\\u0000nas\", \"urusanCodes\": [\"1.02\"]}", "name")]
    [InlineData("{\"code\": \"dinkes\", \"name\": \"Di\\ud800nas\", \"urusanCodes\": [\"1.02\"]}", "name")]
    [InlineData("{\"code\": \"dinkes\", \"code\": \"dinsos\", \"name\": \"Dinas\", \"urusanCodes\": [\"1.02\"]}", "code")]
    [InlineData("{\"code\": \"dinkes\", \"name\": \"Dinas\", \"urusanCodes\": [\"1.02\"], \"admin\": true}", "admin")]
    public async Task an_unreadable_body_is_a_400_naming_the_field(string body, string field)
    {
        var tenant = SakipApp.NewTenant();
        (await Refused(await app.ClientFor(tenant, "admin").PostAsync($"/api/{tenant}/opds", Json(body)))).ShouldContain(field);
        (await app.EventCount(tenant)).ShouldBe(0);
    }

    [Theory]
    [InlineData("1e309")]
    [InlineData("79228162514264337593543950336")]
    public async Task a_number_beyond_a_decimal_in_a_target_or_a_realization_is_a_400(string number)
    {
        var plan = await new Buleleng2022(app).Established();
        var events = await app.EventCount(plan.Tenant);
        var url = $"/api/{plan.Tenant}/indicators/{plan.KoperasiAktif}";
        (await Refused(await plan.Planner.PutAsync($"{url}/targets", Json($"{{\"expectedVersion\": 3, \"annualTarget\": {number}}}"))))
            .ShouldContain("annualTarget");
        (await Refused(await plan.Admin.PutAsync($"{url}/realizations/3",
            Json($"{{\"expectedVersion\": 3, \"value\": {number}, \"evidence\": \"x\"}}")))).ShouldContain("value");
        (await Refused(await plan.Admin.PutAsync($"{url}/budget", Json($"{{\"expectedVersion\": 3, \"pagu\": {number}}}"))))
            .ShouldContain("pagu");
        (await app.EventCount(plan.Tenant)).ShouldBe(events);
    }

    [Theory]
    [InlineData("\"polarity\": 99, \"aggregation\": 42", new[] { "polarity", "aggregation" })]
    [InlineData("\"polarity\": \"sideways\", \"aggregation\": \"sum\"", new[] { "polarity" })]
    [InlineData("\"polarity\": \"positive\", \"aggregation\": \"1\"", new[] { "aggregation" })]
    public async Task an_enum_is_one_of_its_names_and_nothing_else(string values, string[] fields)
    {
        var plan = await new Buleleng2022(app).Drafted();
        var events = await app.EventCount(plan.Tenant);
        var body = $"{{\"code\": \"IKU-9\", \"nodeCode\": \"2.17.02\", \"name\": \"Baru\", \"unit\": \"%\", \"schedule\": \"monthly\", {values}}}";
        (await Refused(await plan.Planner.PostAsync($"/api/{plan.Tenant}/opds/{Buleleng2022.Opd}/years/2022/indicators", Json(body))))
            .ShouldBe(fields, ignoreOrder: true);
        (await app.EventCount(plan.Tenant)).ShouldBe(events);
    }

    [Theory]
    [InlineData("opds/disdagperinkop/years/2022/capaian?month=abc", "month")]
    [InlineData("opds/disdagperinkop/years/2022/capaian?month=9&month=10", "month")]
    [InlineData("opds/disdagperinkop/years/2022/capaian?consistent=maybe", "consistent")]
    [InlineData("indicators/{id}?asOfVersion=abc", "asOfVersion")]
    [InlineData("audit?year=abc", "year")]
    [InlineData("audit?limit=abc", "limit")]
    [InlineData("audit?user=a%00b", "user")]
    [InlineData("opds/disdagperinkop/years/abc/plan", "year")]
    [InlineData("indicators/{id}/realizations/abc", "period")]
    [InlineData("opds/..%2Fx", "opd")]
    public async Task an_unreadable_query_or_path_value_is_a_400_naming_it(string path, string field)
    {
        var plan = await new Buleleng2022(app).Established();
        var url = $"/api/{plan.Tenant}/{path.Replace("{id}", plan.KoperasiAktif)}";
        var method = path.Contains("realizations") ? HttpMethod.Put : HttpMethod.Get;
        using var request = new HttpRequestMessage(method, url) { Content = method == HttpMethod.Put ? Json("{}") : null };
        (await Refused(await app.ClientFor(plan.Tenant, "admin").SendAsync(request))).ShouldContain(field);
    }

    [Fact]
    public async Task refusals_the_framework_answers_have_problem_bodies_in_the_services_words()
    {
        var tenant = SakipApp.NewTenant();
        var admin = app.ClientFor(tenant, "admin");
        var notFound = await (await admin.GetAsync($"/api/{tenant}/nothing-here")).Problem(HttpStatusCode.NotFound);
        notFound["detail"]!.GetValue<string>().ShouldContain("not a resource of this service");
        await (await app.Client().GetAsync("/nothing")).Problem(HttpStatusCode.NotFound);
        await (await admin.DeleteAsync($"/api/{tenant}/opds")).Problem(HttpStatusCode.MethodNotAllowed);
        (await Refused(await admin.PostAsync($"/api/{tenant}/opds", new StringContent("code=x", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType)).ShouldBe(["Content-Type"]);

        using var bigHeaders = new HttpRequestMessage(HttpMethod.Get, $"/api/{tenant}/opds");
        bigHeaders.Headers.Add("X-Padding", new string('a', 40_000));
        await (await admin.SendAsync(bigHeaders)).Problem(HttpStatusCode.RequestHeaderFieldsTooLarge);
        await (await admin.GetAsync($"/api/{tenant}/opds?x={new string('a', 9000)}")).Problem(HttpStatusCode.RequestUriTooLong);
        (await Refused(await admin.PostAsync($"/api/{tenant}/opds", Json($"{{\"name\": \"{new string('a', 2_200_000)}\"}}")),
            HttpStatusCode.RequestEntityTooLarge)).ShouldBe(["$"]);
        (await app.EventCount(tenant)).ShouldBe(0);
    }

    [Fact]
    public async Task a_broken_workbook_is_refused_without_echoing_what_the_reader_threw()
    {
        var plan = await new Buleleng2022(app).Drafted();
        var content = new ByteArrayContent([(byte)'P', (byte)'K', 3, 4, 20, 0, 0, 0, 8, 0, 1, 2, 3, 4, 5]);
        content.Headers.ContentType = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var fields = await Refused(await plan.Planner.PostAsync($"/api/{plan.Tenant}/imports/rencana-aksi", content));
        fields.ShouldBe(["file"]);
    }
}
