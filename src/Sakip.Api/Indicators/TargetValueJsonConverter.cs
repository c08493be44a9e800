using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sakip.Api.Indicators;

/// <summary>
/// API form of a target: a number stays a number, a grade is its letter, a range is "lo-hi". Events keep the
/// structured form (Marten's serializer does not use this converter), so the stored contract stays explicit.
/// </summary>
public sealed class TargetValueJsonConverter : JsonConverter<TargetValue>
{
    public override TargetValue? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => TargetValue.Of(reader.GetDecimal()),
            JsonTokenType.String when reader.GetString() is { } text => Parse(text),
            _ => null,
        };

    public override void Write(Utf8JsonWriter writer, TargetValue value, JsonSerializerOptions options)
    {
        if (value.Number is { } number) writer.WriteNumberValue(number);
        else writer.WriteStringValue(value.ToString());
    }

    private static TargetValue? Parse(string text)
    {
        var parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && decimal.TryParse(parts[0], CultureInfo.InvariantCulture, out var low) &&
            decimal.TryParse(parts[1], CultureInfo.InvariantCulture, out var high))
            return TargetValue.Between(low, high);
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
            return TargetValue.Of(number);
        return text.Trim() is "" or "-" ? null : TargetValue.OfGrade(text.Trim());
    }
}
