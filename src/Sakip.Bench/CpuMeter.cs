using System.Globalization;

namespace Sakip.Bench;

/// <summary>
/// CPU seconds spent by the service process, by PostgreSQL (every process named postgres) and by this bench, from
/// /proc: on a 2-core machine what the three spend per request or per event bounds the throughput.
/// </summary>
public sealed record CpuSample(double Service, double Postgres, double Bench, DateTime At)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static CpuSample Take(int? servicePid)
    {
        double service = 0, postgres = 0, bench = 0;
        var self = Environment.ProcessId;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            var open = stat.IndexOf('(');
            var close = stat.LastIndexOf(')');
            if (open < 0 || close < 0) continue;
            var name = stat[(open + 1)..close];
            var fields = stat[(close + 2)..].Split(' ');
            var seconds = (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) /
                          TicksPerSecond;
            if (pid == servicePid) service += seconds;
            else if (pid == self) bench += seconds;
            else if (name == "postgres")
            {
                // Backends come and go; the postmaster's cutime+cstime hold the CPU of the children it has reaped.
                postgres += seconds + (double.Parse(fields[13], CultureInfo.InvariantCulture) +
                                       double.Parse(fields[14], CultureInfo.InvariantCulture)) / TicksPerSecond;
            }
        }

        return new CpuSample(service, postgres, bench, DateTime.UtcNow);
    }

    /// <summary>CPU milliseconds of each per unit of work, and the share of the machine the three used.</summary>
    public string PerUnit(CpuSample after, double units, string unit)
    {
        var wall = (after.At - At).TotalSeconds;
        var (s, p, b) = (after.Service - Service, after.Postgres - Postgres, after.Bench - Bench);
        string Ms(double seconds) => (seconds * 1000 / units).ToString(seconds * 1000 / units < 1 ? "0.000" : "0.00", CultureInfo.InvariantCulture);
        var used = (s + p + b) / (wall * Environment.ProcessorCount);
        return $"CPU per {unit}: service {Ms(s)} ms, PostgreSQL {Ms(p)} ms, bench {Ms(b)} ms " +
               $"(service {s / wall:0.00} cores, PostgreSQL {p / wall:0.00}, bench {b / wall:0.00}; {used:P0} of the machine's {Environment.ProcessorCount} cores)";
    }
}
