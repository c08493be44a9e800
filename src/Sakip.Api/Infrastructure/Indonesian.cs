using System.Globalization;
using Sakip.Api.Indicators;

namespace Sakip.Api.Infrastructure;

/// <summary>
/// Numbers, dates and names as Indonesian documents print them: 1.587.538.237 and 96,49. The separators are set here,
/// not taken from the machine's culture data (a container without ICU would print 1,587,538,237).
/// </summary>
public static class Indonesian
{
    public static readonly NumberFormatInfo Numbers = new()
    {
        NumberGroupSeparator = ".", NumberDecimalSeparator = ",", NegativeSign = "-",
    };

    public static readonly string[] Months =
        ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

    public static readonly string[] ShortMonths =
        ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];

    /// <summary>Rupiah without decimals unless it has cents: 1.587.538.237 or 1.587.538.237,50.</summary>
    public static string Money(decimal? value) => value is { } v
        ? v.ToString(decimal.Truncate(v) == v ? "#,##0" : "#,##0.00", Numbers)
        : "";

    /// <summary>A percentage or a measure with exactly two decimals: 96,49 · 100,00.</summary>
    public static string Percent(decimal? value) => value?.ToString("#,##0.00", Numbers) ?? "";

    /// <summary>A measure with only the decimals it has: 19,5 · 945 · 1.000.</summary>
    public static string Number(decimal? value) => value?.ToString("#,##0.##########", Numbers) ?? "";

    public static string Target(TargetValue? value) => value switch
    {
        null => "",
        { Number: { } n } => Number(n),
        { Grade: { } g } => g,
        { IsRange: true } => $"{Number(value.Low)}–{Number(value.High)}",
        _ => "",
    };

    public static string Realized(RealizedValue? value) => value?.Number is { } n ? Number(n) : value?.Grade ?? "";

    public static string Month(int month) => month is >= 1 and <= 12 ? Months[month - 1] : "";

    public static string Date(DateOnly date) => $"{date.Day} {Months[date.Month - 1]} {date.Year}";

    /// <summary>An instant in the region's time: 1 Oktober 2022 08.00 WITA.</summary>
    public static string DateTime(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return $"{Date(DateOnly.FromDateTime(local.DateTime))} {local:HH}.{local:mm} {ZoneName(zone, local.Offset)}";
    }

    public static string ZoneName(TimeZoneInfo zone, TimeSpan offset) => zone.Id switch
    {
        "Asia/Jakarta" or "Asia/Pontianak" => "WIB",
        "Asia/Makassar" => "WITA",
        "Asia/Jayapura" => "WIT",
        _ => offset == TimeSpan.Zero ? "UTC" : $"UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm}",
    };

    /// <summary>NIP as printed: 19741014 199311 1 001 (birth date, appointment, sex, number).</summary>
    public static string Nip(string? nip) => nip is { Length: 18 } n && n.All(char.IsAsciiDigit)
        ? $"{n[..8]} {n[8..14]} {n[14..15]} {n[15..]}"
        : nip ?? "";
}
