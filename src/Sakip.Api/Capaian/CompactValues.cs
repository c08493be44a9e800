using System.Text.Json;
using System.Text.Json.Serialization;
using Sakip.Api.Indicators;

namespace Sakip.Api.Capaian;

/// <summary>
/// The capaian model's form of a target: a plain number when it is one (most are), else an object of the fields it
/// has. Read back to the same value exactly (a decimal keeps its scale), so a live report built from the stored model
/// and its <c>asOf</c> replay built from the fold are byte-identical. Only the capaian model uses it; events keep the
/// structured form.
/// </summary>
public sealed class CompactTarget : JsonConverter<TargetValue>
{
    public override TargetValue? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number) return TargetValue.Of(reader.GetDecimal());
        var value = new TargetValue();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            value = name switch
            {
                "number" => value with { Number = reader.GetDecimal() },
                "grade" => value with { Grade = reader.GetString() },
                "low" => value with { Low = reader.GetDecimal() },
                "high" => value with { High = reader.GetDecimal() },
                _ => throw new JsonException($"Unknown target field '{name}'."),
            };
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, TargetValue value, JsonSerializerOptions options)
    {
        if (value is { Number: { } number, Grade: null, Low: null, High: null })
        {
            writer.WriteNumberValue(number);
            return;
        }

        writer.WriteStartObject();
        if (value.Number is { } n) writer.WriteNumber("number", n);
        if (value.Grade is { } g) writer.WriteString("grade", g);
        if (value.Low is { } l) writer.WriteNumber("low", l);
        if (value.High is { } h) writer.WriteNumber("high", h);
        writer.WriteEndObject();
    }
}

/// <summary>Period targets in the <see cref="CompactTarget"/> form, a null where a period has none.</summary>
public sealed class CompactTargets : JsonConverter<IReadOnlyList<TargetValue?>>
{
    private static readonly CompactTarget One = new();

    public override IReadOnlyList<TargetValue?> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var list = new List<TargetValue?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            list.Add(reader.TokenType == JsonTokenType.Null ? null : One.Read(ref reader, typeof(TargetValue), options));
        return list;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<TargetValue?> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var target in value)
            if (target is null) writer.WriteNullValue();
            else One.Write(writer, target, options);
        writer.WriteEndArray();
    }
}

/// <summary>A realized value as a plain number or a grade's letter; an object only when it holds both.</summary>
public sealed class CompactRealized : JsonConverter<RealizedValue>
{
    public override RealizedValue? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number) return RealizedValue.Of(reader.GetDecimal());
        if (reader.TokenType == JsonTokenType.String) return RealizedValue.OfGrade(reader.GetString()!);
        var value = new RealizedValue();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            value = name switch
            {
                "number" => value with { Number = reader.TokenType == JsonTokenType.Null ? null : reader.GetDecimal() },
                "grade" => value with { Grade = reader.GetString() },
                _ => throw new JsonException($"Unknown realized field '{name}'."),
            };
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, RealizedValue value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case { Number: { } number, Grade: null }: writer.WriteNumberValue(number); break;
            case { Number: null, Grade: { } grade }: writer.WriteStringValue(grade); break;
            default:
                writer.WriteStartObject();
                if (value.Number is { } n) writer.WriteNumber("number", n);
                else writer.WriteNull("number");
                if (value.Grade is { } g) writer.WriteString("grade", g);
                writer.WriteEndObject();
                break;
        }
    }
}
