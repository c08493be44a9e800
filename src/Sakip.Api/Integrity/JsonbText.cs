using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Sakip.Api.Integrity;

/// <summary>
/// The text PostgreSQL prints for a <c>jsonb</c> value (<c>jsonb::text</c>), computed from JSON text without a
/// database. jsonb keeps a value, not the text it was given: object keys ordered by byte length and then by bytes, the
/// last of duplicate keys kept, <c>", "</c> and <c>": "</c> between items, strings with only the escapes PostgreSQL
/// writes (everything else as UTF-8), numbers as <c>numeric_out</c> prints them (no exponent, the scale kept:
/// <c>1.50</c> stays <c>1.50</c>, <c>1.5E+3</c> becomes <c>1500</c>). So the text of a value is the same whether it
/// is computed from what the service is about to write or read back from the row, and an authenticator over it
/// verifies from the stored row alone.
/// </summary>
public static class JsonbText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Of(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 256 });
        var output = new ArrayBufferWriter<byte>(json.Length + json.Length / 4 + 16);
        Write(output, document.RootElement);
        return output.WrittenSpan.ToArray();
    }

    public static string Of(string json) => Strict.GetString(Of(Strict.GetBytes(json)));

    private static void Write(ArrayBufferWriter<byte> output, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                // Duplicate keys: the last one wins, as jsonb keeps it.
                var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in value.EnumerateObject()) members[property.Name] = property.Value;
                var keys = members.Keys.Select(k => (Key: k, Bytes: Strict.GetBytes(k))).ToList();
                keys.Sort((a, b) => a.Bytes.Length != b.Bytes.Length
                    ? a.Bytes.Length.CompareTo(b.Bytes.Length)
                    : a.Bytes.AsSpan().SequenceCompareTo(b.Bytes));
                Raw(output, "{"u8);
                for (var i = 0; i < keys.Count; i++)
                {
                    if (i > 0) Raw(output, ", "u8);
                    String(output, keys[i].Bytes);
                    Raw(output, ": "u8);
                    Write(output, members[keys[i].Key]);
                }

                Raw(output, "}"u8);
                break;
            case JsonValueKind.Array:
                Raw(output, "["u8);
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first) Raw(output, ", "u8);
                    first = false;
                    Write(output, item);
                }

                Raw(output, "]"u8);
                break;
            case JsonValueKind.String:
                String(output, Strict.GetBytes(value.GetString()!));
                break;
            case JsonValueKind.Number:
                Raw(output, Encoding.ASCII.GetBytes(Numeric(value.GetRawText())));
                break;
            case JsonValueKind.True:
                Raw(output, "true"u8);
                break;
            case JsonValueKind.False:
                Raw(output, "false"u8);
                break;
            default:
                Raw(output, "null"u8);
                break;
        }
    }

    private static void Raw(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> bytes) => output.Write(bytes);

    /// <summary>PostgreSQL's escape_json: quote, backslash and control characters only; \u00XX in lowercase hex.</summary>
    private static void String(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> utf8)
    {
        if (utf8.IndexOf((byte)0) >= 0)
            throw new InvalidOperationException("jsonb cannot hold the character U+0000.");
        Raw(output, "\""u8);
        var start = 0;
        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (b >= 0x20 && b != '"' && b != '\\') continue;
            Raw(output, utf8[start..i]);
            start = i + 1;
            switch (b)
            {
                case (byte)'"': Raw(output, "\\\""u8); break;
                case (byte)'\\': Raw(output, "\\\\"u8); break;
                case (byte)'\b': Raw(output, "\\b"u8); break;
                case (byte)'\f': Raw(output, "\\f"u8); break;
                case (byte)'\n': Raw(output, "\\n"u8); break;
                case (byte)'\r': Raw(output, "\\r"u8); break;
                case (byte)'\t': Raw(output, "\\t"u8); break;
                default: Raw(output, Encoding.ASCII.GetBytes($"\\u{b:x4}")); break;
            }
        }

        Raw(output, utf8[start..]);
        Raw(output, "\""u8);
    }

    /// <summary>
    /// A JSON number as numeric_in then numeric_out print it: the exponent applied, the display scale the digits after
    /// the point minus the exponent (never negative), no leading zeros, and no sign on zero.
    /// </summary>
    public static string Numeric(string token)
    {
        var negative = token.StartsWith('-');
        var body = negative ? token[1..] : token;
        var e = body.IndexOfAny(['e', 'E']);
        var exponent = e < 0 ? 0 : int.Parse(body[(e + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? body : body[..e];
        // numeric_in refuses larger exponents ("value overflows numeric format").
        if (exponent is > 1000 or < -1000) throw new InvalidOperationException($"The number {token} does not fit PostgreSQL's numeric.");
        var point = mantissa.IndexOf('.');
        var integer = point < 0 ? mantissa : mantissa[..point];
        var fraction = point < 0 ? "" : mantissa[(point + 1)..];
        var digits = integer + fraction;
        var position = integer.Length + exponent; // where the decimal point falls in digits
        string whole, decimals;
        if (position <= 0)
        {
            whole = "0";
            decimals = new string('0', -position) + digits;
        }
        else if (position >= digits.Length)
        {
            whole = digits + new string('0', position - digits.Length);
            decimals = "";
        }
        else
        {
            whole = digits[..position];
            decimals = digits[position..];
        }

        whole = whole.TrimStart('0');
        if (whole.Length == 0) whole = "0";
        var zero = whole == "0" && decimals.All(c => c == '0');
        return (negative && !zero ? "-" : "") + whole + (decimals.Length > 0 ? "." + decimals : "");
    }
}
