using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sakip.Api.Indicators;

/// <summary>API form of a realization value: a number, or the grade's letter.</summary>
public sealed class RealizedValueJsonConverter : JsonConverter<RealizedValue>
{
    public override RealizedValue? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => RealizedValue.Of(reader.GetDecimal()),
            JsonTokenType.String when reader.GetString() is { Length: > 0 } grade => RealizedValue.OfGrade(grade),
            _ => null,
        };

    public override void Write(Utf8JsonWriter writer, RealizedValue value, JsonSerializerOptions options)
    {
        if (value.Number is { } number) writer.WriteNumberValue(number);
        else writer.WriteStringValue(value.Grade);
    }
}
