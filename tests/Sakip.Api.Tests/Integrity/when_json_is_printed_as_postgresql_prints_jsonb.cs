using System.Globalization;
using System.Net;
using System.Text;
using Marten;
using Npgsql;
using Sakip.Api.Integrity;
using Sakip.Api.Realizations;
using Sakip.Api.Indicators;

namespace Sakip.Api.Tests.Integrity;

/// <summary>
/// An event's authenticator is computed over the jsonb text of its data before the write, and checked over the text
/// PostgreSQL prints from the row after it: the two must agree byte for byte, for every value the service can write.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_json_is_printed_as_postgresql_prints_jsonb(SakipApp app)
{
    private async Task<IReadOnlyList<string>> Postgres(IReadOnlyList<string> json)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select t::jsonb::text from unnest($1::text[]) with ordinality as u(t, i) order by i", connection)
        {
            Parameters = { new() { Value = json.ToArray() } },
        };
        var printed = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) printed.Add(reader.GetString(0));
        return printed;
    }

    private async Task Agree(IReadOnlyList<string> json)
    {
        var expected = await Postgres(json);
        for (var i = 0; i < json.Count; i++) JsonbText.Of(json[i]).ShouldBe(expected[i], $"input: {json[i]}");
    }

    [Fact]
    public Task decimals_keep_their_scale_and_lose_their_exponent() => Agree([
        """{"a": 12.50}""", "[0.1, 1e2, 1E2, 1.5E-3, 1.50e1, 12.3e-1, 0e5, 0.0e-3, 10.0e1, 1E+20, 5E-324]",
        "[-0, -0.0, 0.000, -0.000e2, -12.50, -1e-2]", "[79228162514264337593543950335, -79228162514264337593543950335]",
        "[1.7976931348623157E+308, 123456789.123456789, 0.00000000000000000000000000001]", "42", "-7.25",
    ]);

    [Fact]
    public Task keys_are_ordered_by_length_then_bytes_and_the_last_duplicate_wins() => Agree([
        """{"bb": 1, "a": 2, "ccc": 3, "é": 4, "z": 5, "Z": 6, "aa": 7, "ä": 8, "日": 9}""",
        """{"a": 1, "a": 2, "b": {"y": [1, {"d": 1, "c": 2}], "x": null}}""", "{}", "[]", """{"a": {}, "b": []}""",
        """{ "spaced"   :  [ 1 ,2 , 3 ]  ,"t":true,"f":false,"n":null }""",
    ]);

    [Fact]
    public Task strings_carry_only_the_escapes_postgresql_writes() => Agree([
        "\"Ni Luh Putu Ayu — Kabupaten Buleleng\"", "\"\\u00e9 é 日本 😀 \\ud83d\\ude00 ᬩᬮᬶ\"", "\"\\/ \\\\ \\\" '\"",
        "\"\\u0001\\u001f\\n\\t\\b\\f\\r \\u007f \u007f \\u2028 \u2028 \\u00a0\"", "\"<script>&amp;'+</script>\"",
        "{\"\\u00e9\": \"key escaped\", \"é\": \"same key, later\"}",
    ]);

    [Fact]
    public async Task the_services_own_serialization_of_dates_enums_and_records_agrees()
    {
        var serializer = app.Store.Options.Serializer();
        var values = new object[]
        {
            new DateOnly(2022, 2, 1), new DateTimeOffset(2022, 10, 1, 8, 0, 0, TimeSpan.FromHours(8)),
            new DateTimeOffset(2026, 11, 27, 17, 1, 2, 345, TimeSpan.Zero).AddTicks(6789), DateTime.UnixEpoch, TimeSpan.FromMinutes(90),
            new RealizationSubmitted("ind-1", "disdagperinkop", 2022, 9, Sakip.Api.Indicators.RealizedValue.Of(12.50m), 1_234_567_890.12m,
                "BA/12/2022 \"asli\"", "Dukungan kepala dinas", null, "Tindak lanjut: rapat", new Correction("salah ketik", true)),
            new Dictionary<string, object?> { ["user_name"] = "Komang Sri Wahyuni", ["import_row"] = 17, ["x"] = null, ["d"] = 0.5m },
            RealizationStatus.Verified, decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m, -0.0m, double.Epsilon,
            1e300, float.MaxValue, long.MinValue, Guid.Parse("0194a3b2-1c2d-7e8f-9a0b-1c2d3e4f5a6b"),
        };
        await Agree(values.Select(v => serializer.ToJson(v)).ToList());
    }

    [Fact]
    public void a_value_postgresql_would_refuse_fails_the_write_instead_of_storing_an_unverifiable_event()
    {
        Should.Throw<InvalidOperationException>(() => JsonbText.Of("{\"name\": \"a\\u0000b\"}"));
        Should.Throw<InvalidOperationException>(() => JsonbText.Of("[1e2000]"));
    }

    [Fact]
    public async Task hundreds_of_random_documents_agree()
    {
        var random = new Random(14);
        await Agree(Enumerable.Range(0, 400).Select(_ => Document(random, 0)).ToList());
    }

    [Fact]
    public async Task events_written_with_awkward_text_and_numbers_verify_from_their_rows()
    {
        var tenant = SakipApp.NewTenant();
        var admin = app.ClientFor(tenant, "admin", name: "Ni Luh \"Ayu\" ᬩᬮᬶ 😀");
        (await admin.PostJson($"/api/{tenant}/opds", new
        {
            code = "dinas-1", name = "Dinas \"Koperasi\" & UKM — Bali ᬩᬮᬶ 😀 é", urusanCodes = new[] { "2.17", "3.30" },
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.PutJson($"/api/{tenant}/opds/dinas-1/name", new
        {
            name = "<b>Dinas</b> \\ / 日本 ½", expectedVersion = 1, reason = "Perbup 12/2024 — \"koreksi\"",
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.WaitForProjections(TimeSpan.FromSeconds(30));

        var report = await (await app.ClientFor(tenant, "inspector").GetAsync($"/api/{tenant}/integrity")).Json(HttpStatusCode.OK);
        report["status"]!.GetValue<string>().ShouldBe("valid", report.ToJsonString());
        report["checked"]!.GetValue<int>().ShouldBe(2);
    }

    private static string Document(Random random, int depth)
    {
        var kind = depth > 3 ? random.Next(3, 8) : random.Next(0, 8);
        switch (kind)
        {
            case 0:
            case 1:
                var members = Enumerable.Range(0, random.Next(0, 6)).Select(_ => $"{Quote(Text(random))}: {Document(random, depth + 1)}");
                return "{" + string.Join(random.Next(2) == 0 ? "," : " , ", members) + "}";
            case 2:
                return "[" + string.Join(", ", Enumerable.Range(0, random.Next(0, 5)).Select(_ => Document(random, depth + 1))) + "]";
            case 3:
            case 4:
                return Number(random);
            case 5:
                return Quote(Text(random));
            case 6:
                return random.Next(2) == 0 ? "true" : "false";
            default:
                return "null";
        }
    }

    private static string Number(Random random)
    {
        var sign = random.Next(4) == 0 ? "-" : "";
        var integer = random.Next(5) == 0 ? "0" : random.NextInt64(1, 10_000_000_000_000).ToString(CultureInfo.InvariantCulture);
        var fraction = random.Next(2) == 0 ? "" : "." + random.Next(0, 100000).ToString("D" + random.Next(1, 6), CultureInfo.InvariantCulture);
        var exponent = random.Next(4) == 0 ? (random.Next(2) == 0 ? "e" : "E") + (random.Next(3) switch { 0 => "+", 1 => "-", _ => "" }) + random.Next(0, 30) : "";
        return sign + integer + fraction + exponent;
    }

    private static readonly string[] Pieces =
        ["a", "b", "opd", "year", "é", "日本", "😀", "ᬩᬮᬶ", " ", "\"", "\\", "/", "\n", "\t", "\u0001", "\u001f", "\u007f", "\u2028", "Z", "aa", "<>&'"];

    private static string Text(Random random) => string.Concat(Enumerable.Range(0, random.Next(0, 5)).Select(_ => Pieces[random.Next(Pieces.Length)]));

    /// <summary>A JSON string for the text, sometimes with characters escaped as \uXXXX the way other writers do.</summary>
    private static string Quote(string text)
    {
        var json = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c is '"' or '\\') json.Append('\\').Append(c);
            else if (c < ' ' || (c > '~' && !char.IsSurrogate(c) && c % 3 == 0)) json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else json.Append(c);
        }

        return json.Append('"').ToString();
    }
}
