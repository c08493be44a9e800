namespace Sakip.Api.WebConsole;

/// <summary>One line of a <see cref="LineChart"/>: its name, its style class and a value per period (null: none).</summary>
public sealed record ChartSeries(string Name, string Css, IReadOnlyList<decimal?> Values);
