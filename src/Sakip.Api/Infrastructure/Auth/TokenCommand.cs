using System.Globalization;

namespace Sakip.Api.Infrastructure.Auth;

/// <summary>
/// <c>dotnet run --project src/Sakip.Api -- token --tenant buleleng --user u-1 --name "Made" --role planner --opd disdagperinkop</c>
/// </summary>
public static class TokenCommand
{
    public const int DefaultHours = 12;

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
        var problems = Problems(Option).ToList();
        if (problems.Count > 0)
        {
            error.WriteLine("usage: token --tenant <tenant> --user <user id> --role <" + string.Join('|', Roles.All) +
                            "> [--name <display name>] [--opd <opd code> (planner, operator, verifier: required)] " +
                            $"[--hours <1..{TokenIssuer.MaxLifetime.TotalHours:0}, default {DefaultHours}>]");
            foreach (var problem in problems) error.WriteLine(problem);
            return 2;
        }

        var hours = Option("hours") is { } given ? int.Parse(given, CultureInfo.InvariantCulture) : DefaultHours;
        var user = new SakipUser(Option("tenant")!, Option("user")!, Option("name") ?? Option("user")!,
            Option("role")!, Option("opd"));
        output.WriteLine(TokenIssuer.Issue(SakipSettings.From(configuration), user, TimeSpan.FromHours(hours),
            DateTimeOffset.UtcNow));
        return 0;
    }

    private static IEnumerable<string> Problems(Func<string, string?> option)
    {
        var missing = new[] { "tenant", "user", "role" }.Where(n => string.IsNullOrWhiteSpace(option(n))).ToList();
        if (missing.Count > 0) yield return "missing: " + string.Join(", ", missing.Select(m => "--" + m));
        var role = option("role");
        if (role is not null && !Roles.All.Contains(role)) yield return $"--role: '{role}' is not one of {string.Join(", ", Roles.All)}.";
        if (role is not null && Roles.OpdScoped.Contains(role) && string.IsNullOrWhiteSpace(option("opd")))
            yield return $"--opd: a {role} acts for one OPD; name it (e.g. --opd disdagperinkop).";
        if (role is not null && Roles.All.Contains(role) && !Roles.OpdScoped.Contains(role) && option("opd") is not null)
            yield return $"--opd: a {role} is not limited to one OPD; leave --opd out.";
        if (option("tenant") is { } tenant && !Tenants.TenantDatabases.ValidId(tenant))
            yield return "--tenant: 2 to 40 lowercase letters, digits or '-'.";
        var max = (int)TokenIssuer.MaxLifetime.TotalHours;
        if (option("hours") is { } hours &&
            (!int.TryParse(hours, NumberStyles.None, CultureInfo.InvariantCulture, out var h) || h < 1 || h > max))
            yield return $"--hours: a whole number of hours from 1 to {max} (tokens cannot be revoked; keep them short).";
    }
}
