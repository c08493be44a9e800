using System.Globalization;

namespace Sakip.Bench;

/// <summary>Command line: <c>[scenario...] [--quick] [--events N] [--keep]</c>.</summary>
public sealed record BenchOptions
{
    public static readonly string[] Scenarios = ["write", "import", "asof", "read", "daemon", "integrity", "memory"];

    public required IReadOnlySet<string> Selected { get; init; }
    public bool Quick { get; init; }
    public long BackfillEvents { get; init; }
    public bool Keep { get; init; }
    public string[] Arguments { get; init; } = [];

    /// <summary>Environment of the service process, for experiments: <c>--service-env DOTNET_gcServer=0</c>.</summary>
    public IReadOnlyList<(string Name, string Value)> ServiceEnvironment { get; init; } = [];

    /// <summary>Settings the service and the offline store get beside the bench's own (the province run: database per tenant).</summary>
    public IReadOnlyList<(string Key, string Value)> ServiceSettings { get; init; } = [];

    // Sizes: the full run follows the issue; --quick shrinks every scenario for a smoke run.
    public int Clients => 32;
    public int PlanIndicators => 300;
    public int WriteRounds => Quick ? 3 : 37;              // 300 indicators x 37 submissions: 40 events each
    public int LongStreamEvents => Quick ? 200 : 1_000;
    public int AsOfSamples => Quick ? 30 : 60;
    public int IndicatorAsOfSamples => Quick ? 200 : 300;   // a p95 of 50 samples is their third slowest
    public int ReadSamples => Quick ? 100 : 200;
    public int IntegrityRuns => Quick ? 1 : 2;

    public bool Runs(string scenario) => Selected.Contains(scenario);

    public static BenchOptions Parse(string[] args)
    {
        var selected = new HashSet<string>();
        var quick = false;
        var keep = false;
        long? events = null;
        var serviceEnvironment = new List<(string, string)>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--keep": keep = true; break;
                case "--events" when i + 1 < args.Length:
                    events = long.Parse(args[++i].Replace("_", ""), CultureInfo.InvariantCulture);
                    break;
                case "--service-env" when i + 1 < args.Length && args[i + 1].Contains('='):
                    var pair = args[++i].Split('=', 2);
                    serviceEnvironment.Add((pair[0], pair[1]));
                    break;
                case "all": selected.UnionWith(Scenarios); break;
                case var s when Scenarios.Contains(s): selected.Add(s); break;
                default:
                    throw new ArgumentException(
                        $"Unknown argument '{args[i]}'. Usage: [{string.Join('|', Scenarios)}|all]... [--quick] [--events N] [--keep] [--service-env NAME=VALUE]");
            }
        }

        if (selected.Count == 0) selected.UnionWith(Scenarios);
        return new BenchOptions
        {
            Selected = selected, Quick = quick, Arguments = args, Keep = keep, ServiceEnvironment = serviceEnvironment, BackfillEvents = events ?? (quick ? 20_000 : 1_000_000),
        };
    }
}
