using System.Diagnostics;

namespace Sakip.Bench;

/// <summary>
/// Open-loop arrivals: request i is due at start + i / rate whether or not earlier ones have answered, and its latency
/// counts from that scheduled time. A closed loop hides queueing (a slow answer delays the next send); this does not.
/// </summary>
public static class OpenLoop
{
    public sealed record Result(Latencies Latencies, int Sent, int Failed, double SendLagP99Ms);

    public static async Task<Result> Run(double perSecond, TimeSpan duration, Func<long, Task<bool>> send)
    {
        var latencies = new Latencies();
        var lag = new Latencies();
        var failed = 0;
        var total = (long)(perSecond * duration.TotalSeconds);
        var inFlight = new List<Task>((int)total);
        var clock = Stopwatch.StartNew();
        for (long i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            while (clock.Elapsed < due) Thread.SpinWait(50);
            lag.Add((clock.Elapsed - due).TotalMilliseconds);
            var index = i;
            inFlight.Add(Task.Run(async () =>
            {
                bool ok;
                try { ok = await send(index); }
                catch (Exception) { ok = false; }
                if (ok) latencies.Add((clock.Elapsed - due).TotalMilliseconds);
                else Interlocked.Increment(ref failed);
            }));
        }

        await Task.WhenAll(inFlight);
        return new Result(latencies, (int)total, failed, lag.Percentile(0.99));
    }
}
