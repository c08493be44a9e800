using System.Globalization;
using System.Text;

namespace Sakip.Bench;

public enum Better { Higher, Lower }

/// <summary>One measured figure with the same run's baseline beside it.</summary>
/// <param name="Goal">Text of the goal, e.g. "≥ 0.4x" or "≤ 150 ms"; null when the issue sets none.</param>
/// <param name="Met">Whether the goal is met; null when there is no goal.</param>
public sealed record Figure(string Scenario, string Name, double Value, string Unit, double? Baseline, string? BaselineName,
    Better Better, string? Goal, bool? Met)
{
    public double? Ratio => Baseline is > 0 ? Value / Baseline.Value : null;
}

public sealed class Report
{
    private readonly List<Figure> _figures = [];
    private readonly List<string> _notes = [];

    public IReadOnlyList<Figure> Figures => _figures;

    public void Add(Figure figure)
    {
        _figures.Add(figure);
        Console.WriteLine($"FIGURE  {Line(figure)}");
    }

    public void Note(string note)
    {
        _notes.Add(note);
        Console.WriteLine($"note    {note}");
    }

    public static string Number(double value, string unit) => unit switch
    {
        "ms" => value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms",
        "MiB" => value.ToString("0", CultureInfo.InvariantCulture) + " MiB",
        _ => value.ToString("N0", CultureInfo.InvariantCulture) + " " + unit,
    };

    private static string Line(Figure f) =>
        $"{f.Scenario,-9} {f.Name,-46} {Number(f.Value, f.Unit),16}  baseline {(f.Baseline is { } b ? Number(b, f.Unit) : "—"),16}" +
        $"  ratio {(f.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "—"),6}  goal {f.Goal ?? "—",-12} " +
        (f.Met switch { true => "met", false => "MISSED", null => "" });

    public string Markdown(BenchOptions options, TimeSpan elapsed)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, " +
            $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024 / 1024 / 1024} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, " +
            $"backfill {options.BackfillEvents:N0} events{(options.Quick ? ", --quick" : "")}, {elapsed.TotalMinutes:0.0} min. " +
            $"Command: `dotnet run -c Release --project src/Sakip.Bench --{(options.Arguments.Length > 0 ? " " + string.Join(' ', options.Arguments) : "")}`");
        md.AppendLine();
        md.AppendLine("| scenario | figure | value | baseline (same run) | ratio | goal | |");
        md.AppendLine("| --- | --- | ---: | --- | ---: | --- | --- |");
        foreach (var f in _figures)
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {f.Scenario} | {f.Name} | {Number(f.Value, f.Unit)} | " +
                $"{(f.Baseline is { } b ? $"{Number(b, f.Unit)} ({f.BaselineName})" : "—")} | " +
                $"{(f.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "—")} | {f.Goal ?? "—"} | " +
                $"{f.Met switch { true => "met", false => "**missed**", null => "" }} |");
        if (_notes.Count > 0)
        {
            md.AppendLine();
            foreach (var note in _notes) md.AppendLine("- " + note);
        }

        return md.ToString();
    }
}

/// <summary>Latency samples in milliseconds.</summary>
public sealed class Latencies
{
    private readonly List<double> _samples = [];
    private readonly Lock _gate = new();

    public int Count => _samples.Count;

    public void Add(double ms)
    {
        lock (_gate) _samples.Add(ms);
    }

    public void AddRange(Latencies other)
    {
        lock (_gate) _samples.AddRange(other._samples);
    }

    public double Percentile(double q)
    {
        lock (_gate)
        {
            if (_samples.Count == 0) return double.NaN;
            var sorted = _samples.Order().ToList();
            var rank = (int)Math.Ceiling(q * sorted.Count) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
        }
    }

    /// <summary>
    /// Untimed calls before a timed series, so it times the service as it runs for hours, not its first minute: .NET
    /// compiles a method quickly at first and again, optimized, after about 30 calls (tiered compilation), on a
    /// background thread that would otherwise share the two cores with the series; it starts counting calls only once no
    /// method was compiled for 100 ms, and an endpoint's first calls compile many. 40 calls left the first series of an
    /// endpoint a quarter slower than the next ones (one indicator asOf, p50 2.55 against 2.0 ms); 120 reach the
    /// optimized code. The same for the baselines.
    /// </summary>
    public const int WarmupCalls = 120;

    /// <summary>Times <paramref name="count"/> calls (index 0 and up) after <see cref="WarmupCalls"/> untimed ones (index -1 to -3, in turn).</summary>
    public static async Task<Latencies> Measure(int count, Func<int, Task> operation, int warmup = WarmupCalls)
    {
        for (var i = 0; i < warmup; i++) await operation(-1 - i % 3);
        if (warmup > 0) await Task.Delay(TimeSpan.FromSeconds(1));   // the optimizing compiles queued by the warmup land first
        var latencies = new Latencies();
        for (var i = 0; i < count; i++)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            await operation(i);
            latencies.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return latencies;
    }
}
