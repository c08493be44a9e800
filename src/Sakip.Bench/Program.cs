using System.Diagnostics;
using Sakip.Bench;

// dotnet run -c Release --project src/Sakip.Bench -- [write|import|asof|read|daemon|integrity|memory|all]... [--quick] [--events N]
if (args.FirstOrDefault() == "peak") return await PeakLoad.RunFromArgs(args[1..], Console.Out);
if (args.FirstOrDefault() == "province") return await Province.RunFromArgs(args[1..]);

var options = BenchOptions.Parse(args);
var clock = Stopwatch.StartNew();
Console.WriteLine($"sakip-bench  scenarios: {string.Join(' ', BenchOptions.Scenarios.Where(options.Runs))}" +
                  $"{(options.Quick ? "  (--quick)" : "")}  backfill {options.BackfillEvents:N0} events  {Environment.ProcessorCount} cores");
var report = new Report();
await using (var env = await BenchEnvironment.StartAsync(options))
{
    try
    {
        await new Scenarios(env, options, report).RunAsync();
    }
    catch
    {
        env.Keep();
        Console.Error.WriteLine($"Failed; the service log is {Path.Combine(env.Root, "service.log")} (kept).");
        throw;
    }
}

Console.WriteLine();
Console.WriteLine(report.Markdown(options, clock.Elapsed));
return report.Figures.Count > 0 ? 0 : 1;
