namespace Sakip.Api.Infrastructure.Database;

/// <summary>Finds the directory holding <c>initdb</c> and <c>pg_ctl</c> on this machine.</summary>
public static class PostgresBinaries
{
    public const string MissingMessage =
        "No PostgreSQL server binaries (initdb, pg_ctl) were found on this machine, so the embedded database " +
        "cannot start. Either install PostgreSQL (Debian/Ubuntu: 'apt-get install postgresql'; macOS: " +
        "'brew install postgresql'), or point Sakip:PostgresBinDirectory (env Sakip__PostgresBinDirectory) at " +
        "the folder that holds initdb, or use an existing server by setting ConnectionStrings:Sakip " +
        "(env ConnectionStrings__Sakip).";

    public static string Locate(string? configured)
    {
        foreach (var candidate in Candidates(configured))
        {
            if (File.Exists(Path.Combine(candidate, "initdb")) && File.Exists(Path.Combine(candidate, "pg_ctl")))
                return candidate;
        }

        throw new InvalidOperationException(configured is null
            ? MissingMessage
            : $"Sakip:PostgresBinDirectory is '{configured}', but initdb and pg_ctl are not there. " + MissingMessage);
    }

    private static IEnumerable<string> Candidates(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            yield return configured;
            yield break;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            if (dir.Length > 0) yield return dir;

        // Debian and Ubuntu keep server binaries off PATH, one folder per major version: newest first.
        foreach (var root in new[] { "/usr/lib/postgresql", "/usr/local/pgsql", "/opt/homebrew/opt" })
        {
            if (!Directory.Exists(root)) continue;
            foreach (var version in Directory.GetDirectories(root).OrderByDescending(VersionOf))
                yield return Path.Combine(version, "bin");
        }

        yield return "/usr/local/pgsql/bin";
        yield return "/usr/pgsql/bin";
    }

    private static int VersionOf(string path) =>
        int.TryParse(new string(Path.GetFileName(path).Where(char.IsDigit).ToArray()), out var v) ? v : 0;
}
