using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Sakip.Api.Infrastructure.Http;

/// <summary>
/// Checks a parsed JSON body against the shape of the endpoint's request type before anything deserializes it:
/// every field known, typed as declared, strings free of NUL, control characters and lone surrogates and within
/// <see cref="MaxStringLength"/>, numbers within a decimal, enums by name, no field given twice. Errors are keyed
/// by the field's JSON path (<c>revision.legalBasis.number</c>, <c>urusanCodes[1]</c>; <c>$</c> is the body).
/// Whether a value makes sense is the endpoint's business; this only keeps what it cannot read away from it.
/// </summary>
public sealed class JsonBodyCheck(JsonSerializerOptions options)
{
    /// <summary>Longer than any text a field of this service holds (inspector notes: 8,000).</summary>
    public const int MaxStringLength = 10_000;

    public const int MaxItems = 10_000;
    private const int MaxErrors = 20;

    private readonly List<Problems.FieldError> _errors = [];
    // NullabilityInfoContext is not thread-safe: one shared by every request corrupted its dictionary under concurrent
    // first writes (the bench's 32 clients) and every later request failed with 500. Answers are kept per property,
    // each computed with a context of its own.
    private static readonly ConcurrentDictionary<PropertyInfo, bool> NotNullable = new();

    public IReadOnlyList<Problems.FieldError> Check(JsonElement body, Type type)
    {
        if (body.ValueKind != JsonValueKind.Object)
            Add("$", $"must be a JSON object, not {Describe(body)}.");
        else Value(body, type, "$");
        return _errors;
    }

    private void Value(JsonElement value, Type type, string path)
    {
        if (_errors.Count >= MaxErrors) return;
        var underlying = Nullable.GetUnderlyingType(type);
        if ((underlying ?? type) == typeof(JsonElement))
        {
            Any(value, path);
            return;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            if (type.IsValueType && underlying is null) Add(path, $"must be {Expected(type)}, not null.");
            return;
        }

        type = underlying ?? type;
        if (type == typeof(string)) Text(value, path);
        else if (type == typeof(bool)) Expect(value.ValueKind is JsonValueKind.True or JsonValueKind.False, value, type, path);
        else if (type.IsEnum) Enum(value, type, path);
        else if (IsNumber(type)) Number(value, type, path);
        else if (Leaf(type)) Parsed(value, type, path);
        else Composite(value, type, path);
    }

    private void Composite(JsonElement value, Type type, string path)
    {
        var info = options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when value.ValueKind == JsonValueKind.Object:
                Object(value, info, path);
                break;
            case JsonTypeInfoKind.Enumerable when value.ValueKind == JsonValueKind.Array:
                if (value.GetArrayLength() > MaxItems) Add(path, $"may hold at most {MaxItems} items.");
                else
                {
                    var i = 0;
                    foreach (var item in value.EnumerateArray()) Value(item, info.ElementType!, $"{path}[{i++}]");
                }

                break;
            case JsonTypeInfoKind.Dictionary when value.ValueKind == JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                    Value(property.Value, info.ElementType!, Join(path, property.Name));
                break;
            default:
                Add(path, $"must be {Expected(type)}, not {Describe(value)}.");
                break;
        }
    }

    private void Object(JsonElement value, JsonTypeInfo info, string path)
    {
        var comparison = options.PropertyNameCaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var seen = new HashSet<string>(comparison);
        foreach (var property in value.EnumerateObject())
        {
            if (!Clean(property.Name) || property.Name.Length > 100)
            {
                Add(path, "has a field name that is longer than 100 characters or holds control characters.");
                continue;
            }

            var declared = info.Properties.FirstOrDefault(p => comparison.Equals(p.Name, property.Name));
            var field = Join(path, declared?.Name ?? property.Name);

            if (!seen.Add(property.Name))
            {
                Add(field, "is given more than once.");
                continue;
            }

            if (declared is null) Add(field, "is not a field of this request.");
            else Value(property.Value, declared.PropertyType, field);
        }

        foreach (var declared in info.Properties.Where(p => !seen.Contains(p.Name) && RequiredReference(p)))
            Add(Join(path, declared.Name), "is required.");
        foreach (var declared in info.Properties.Where(p => seen.Contains(p.Name) && RequiredReference(p)))
            if (value.TryGetProperty(declared.Name, out var given) && given.ValueKind == JsonValueKind.Null)
                Add(Join(path, declared.Name), "is required.");
    }

    /// <summary>A field typed as a non-nullable reference (e.g. a receipt's signature) cannot be left out.</summary>
    private static bool RequiredReference(JsonPropertyInfo property) =>
        !property.PropertyType.IsValueType && property.AttributeProvider is PropertyInfo clr &&
        NotNullable.GetOrAdd(clr, static p => new NullabilityInfoContext().Create(p).ReadState == NullabilityState.NotNull);

    private void Text(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            Add(path, $"must be a string, not {Describe(value)}.");
            return;
        }

        if (StringOf(value) is not { } text)
        {
            Add(path, "holds invalid UTF-16 (a lone surrogate).");
            return;
        }

        if (text.Length > MaxStringLength) Add(path, $"must be at most {MaxStringLength} characters.");
        else if (!Clean(text)) Add(path, "holds a NUL, a control character or a lone surrogate.");
    }

    /// <summary>The string, or null when it holds an escaped lone surrogate (which no .NET string can carry back out).</summary>
    private static string? StringOf(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Free of NUL and other control characters (tab and line breaks allowed) and of lone surrogates.</summary>
    public static bool Clean(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < ' ' && c is not ('\t' or '\n' or '\r') || c == '\u007f') return false;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return false;
                i++;
            }
            else if (char.IsLowSurrogate(c)) return false;
        }

        return true;
    }

    /// <summary>A value of any shape (a target cell): its strings and numbers obey the same limits.</summary>
    private void Any(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                Text(value, path);
                break;
            case JsonValueKind.Number when !value.TryGetDecimal(out _):
                Add(path, "is a number beyond what a decimal holds (about ±7.9e28, 28 digits).");
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray()) Any(item, $"{path}[{i++}]");
                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject()) Any(property.Value, Join(path, property.Name));
                break;
        }
    }

    private void Enum(JsonElement value, Type type, string path)
    {
        var names = System.Enum.GetNames(type).Select(n => char.ToLowerInvariant(n[0]) + n[1..]).ToList();
        var given = value.ValueKind == JsonValueKind.String ? StringOf(value) : null;
        if (given is null || !names.Contains(given, StringComparer.OrdinalIgnoreCase))
            Add(path, $"must be one of {string.Join(", ", names)}, not {Describe(value)}.");
    }

    private void Number(JsonElement value, Type type, string path)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            Add(path, $"must be {Expected(type)}, not {Describe(value)}.");
            return;
        }

        var fits = type == typeof(int) ? value.TryGetInt32(out _)
            : type == typeof(long) ? value.TryGetInt64(out _)
            : type == typeof(decimal) ? value.TryGetDecimal(out _)
            : value.TryGetDouble(out var d) && double.IsFinite(d);
        if (!fits) Add(path, $"must be {Expected(type)}; {Shorten(value.GetRawText())} is out of range or not whole.");
    }

    private void Parsed(JsonElement value, Type type, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            Add(path, $"must be {Expected(type)}, not {Describe(value)}.");
            return;
        }

        var text = StringOf(value) ?? "\0";
        var ok = type == typeof(DateOnly)
            ? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            : type == typeof(Guid) ? Guid.TryParse(text, out _)
            : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) && text.Length <= 40;
        if (!ok) Add(path, $"must be {Expected(type)}.");
    }

    private void Expect(bool ok, JsonElement value, Type type, string path)
    {
        if (!ok) Add(path, $"must be {Expected(type)}, not {Describe(value)}.");
    }

    private static bool IsNumber(Type t) => t == typeof(int) || t == typeof(long) || t == typeof(decimal) || t == typeof(double);

    private static bool Leaf(Type t) => t == typeof(DateOnly) || t == typeof(DateTimeOffset) || t == typeof(DateTime) || t == typeof(Guid);

    /// <summary>What a field holds, in the words of the API (never a .NET type name).</summary>
    public static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "a string";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(int) || type == typeof(long)) return "a whole number";
        if (type == typeof(decimal) || type == typeof(double)) return "a number";
        if (type == typeof(DateOnly)) return "a date such as 2024-03-31";
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return "an ISO-8601 instant such as 2024-03-31T08:00:00+08:00";
        if (type == typeof(Guid)) return "a UUID";
        if (type.IsEnum) return "one of " + string.Join(", ", System.Enum.GetNames(type).Select(n => char.ToLowerInvariant(n[0]) + n[1..]));
        if (type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type)) return "an array";
        return "an object";
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Number => Shorten(value.GetRawText()),
        _ => "a string",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";

    private static string Join(string path, string name) => path == "$" ? name : $"{path}.{name}";

    private void Add(string path, string message)
    {
        if (_errors.Count < MaxErrors) _errors.Add(new Problems.FieldError(path, message));
    }
}
