namespace Sakip.Api.Infrastructure.Auth;

/// <summary>
/// <c>dotnet run --project src/Sakip.Api -- token --tenant buleleng --user u-1 --name "Made" --role planner --opd disdagperinkop</c>
/// </summary>
public static class TokenCommand
{
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == "token";

    public static int Run(string[] args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < args.Length - 1; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) break;
            options[args[i][2..]] = args[i + 1];
        }

        string? Option(string name) => options.GetValueOrDefault(name);
        var missing = new[] { "tenant", "user", "role" }.Where(n => string.IsNullOrWhiteSpace(Option(n))).ToList();
        if (missing.Count > 0 || !Roles.All.Contains(Option("role") ?? ""))
        {
            error.WriteLine("usage: token --tenant <tenant> --user <user id> --role <" +
                            string.Join('|', Roles.All) + "> [--name <display name>] [--opd <opd code>] [--hours <n>]");
            if (missing.Count > 0) error.WriteLine("missing: " + string.Join(", ", missing.Select(m => "--" + m)));
            return 2;
        }

        var hours = int.TryParse(Option("hours"), out var h) && h > 0 ? h : 12;
        var user = new SakipUser(Option("tenant")!, Option("user")!, Option("name") ?? Option("user")!,
            Option("role")!, Option("opd"));
        output.WriteLine(TokenIssuer.Issue(SakipSettings.From(configuration), user, TimeSpan.FromHours(hours),
            DateTimeOffset.UtcNow));
        return 0;
    }
}
