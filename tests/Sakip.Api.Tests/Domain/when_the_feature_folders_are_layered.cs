using System.Text.RegularExpressions;

namespace Sakip.Api.Tests.Domain;

/// <summary>
/// Which feature folder of src/Sakip.Api imports which, read from the sources: a <c>using Sakip.Api.X</c> directive, a
/// fully qualified <c>Sakip.Api.X.</c> name, or a name qualified from the root namespace (<c>Tenants.TenantDatabases</c>)
/// of a type declared in X. A feature may only depend on folders below it, so no two features import each other,
/// however long the loop. Infrastructure (the plumbing every feature uses, and the composition that lists the
/// features) and the generated code are not features; Program.cs at the root composes everything.
/// </summary>
public sealed partial class when_the_feature_folders_are_layered
{
    private static readonly string[] NotFeatures = ["Infrastructure", "Internal", "bin", "obj", "Properties"];

    /// <summary>
    /// Edges of a cycle not broken yet, each named by the file that makes it. The test fails when one disappears too,
    /// so this list only shrinks. Each sits in code other branches were reshaping while the folders were layered:
    /// Integrity's verification endpoint scopes a verification to an OPD-year through OpdYears (which reads
    /// authenticated events through Integrity); the OPD-year projection writes the capaian read model; the Rencana
    /// Aksi import checks rows against the Renstra cascade while the Renstra import reuses the import machinery; the
    /// Renstra register reuses the Perubahan register's shapes while the audit trail folds Renstra events.
    /// </summary>
    private static readonly (string From, string To, string File)[] NotYetBroken =
    [
        ("Integrity", "OpdYears", "Integrity/IntegrityEndpoints.cs"),
        ("OpdYears", "Capaian", "OpdYears/OpdYear.cs"),
        ("Imports", "Renstra", "Imports/RencanaAksiImport.cs"),
        ("Renstra", "Audit", "Renstra/RenstraRegister.cs"),
    ];

    [Fact]
    public void no_feature_folder_imports_one_that_imports_it_back()
    {
        var edges = Edges().Where(e => !NotYetBroken.Contains((e.From, e.To, e.File))).ToList();
        var cycles = Cycles(edges);
        cycles.ShouldBeEmpty("folders that import each other:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void the_known_cycles_still_exist_so_the_list_is_kept_true()
    {
        var edges = Edges();
        foreach (var known in NotYetBroken)
            edges.ShouldContain(known, $"{known.File} no longer imports {known.To}: take it off NotYetBroken");
    }

    [Fact]
    public void the_readme_states_the_order_the_folders_depend_in()
    {
        // README: "Feature folders, each importing only those before it: Domain, Tenants, ... ." (one line)
        var line = File.ReadLines(Path.Combine(RepositoryRoot(), "README.md"))
            .Single(l => l.StartsWith("Feature folders, each importing only those before it:", StringComparison.Ordinal));
        var order = line[(line.IndexOf(':') + 1)..].TrimEnd('.').Split(',', StringSplitOptions.TrimEntries)
            .Select(f => f.Trim('`')).ToList();
        order.Order().ShouldBe(Folders().Order(), "the README's order names every feature folder once");
        var upward = Edges().Where(e => !NotYetBroken.Contains(e) && order.IndexOf(e.To) > order.IndexOf(e.From))
            .Select(e => $"{e.File} imports {e.To}, listed after {e.From}").ToList();
        upward.ShouldBeEmpty(string.Join("\n", upward));
    }

    private static string Source => Path.Combine(RepositoryRoot(), "src", "Sakip.Api");

    private static IEnumerable<string> Folders() =>
        Directory.GetDirectories(Source).Select(Path.GetFileName).OfType<string>().Where(f => !NotFeatures.Contains(f));

    /// <summary>Every (folder, folder it imports, file that imports it), once.</summary>
    private static List<(string From, string To, string File)> Edges()
    {
        var folders = Folders().ToHashSet();
        var files = folders.SelectMany(f => Directory.EnumerateFiles(Path.Combine(Source, f), "*.*", SearchOption.AllDirectories)
                .Where(p => p.EndsWith(".cs", StringComparison.Ordinal) || p.EndsWith(".razor", StringComparison.Ordinal))
                .Select(p => (Folder: f, Path: p, Text: File.ReadAllText(p))))
            .ToList();
        var declared = files.SelectMany(f => Declaration().Matches(f.Text).Select(m => (f.Folder, Type: m.Groups[1].Value)))
            .ToHashSet();
        var edges = new HashSet<(string, string, string)>();
        foreach (var (folder, path, text) in files)
        {
            var file = Path.GetRelativePath(Source, path).Replace('\\', '/');
            foreach (Match m in Qualified().Matches(text))
                if (folders.Contains(m.Groups[1].Value) && m.Groups[1].Value != folder)
                    edges.Add((folder, m.Groups[1].Value, file));
            foreach (Match m in FromRoot().Matches(text))
                if (m.Groups[1].Value != folder && declared.Contains((m.Groups[1].Value, m.Groups[2].Value)))
                    edges.Add((folder, m.Groups[1].Value, file));
        }

        return edges.OrderBy(e => e).ToList();
    }

    /// <summary>Each group of folders that reach each other (Tarjan), as one loop through them with the files on the way.</summary>
    private static List<string> Cycles(List<(string From, string To, string File)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Distinct().Order().ToList());
        var (index, low, stack, onStack, groups) = (new Dictionary<string, int>(), new Dictionary<string, int>(),
            new Stack<string>(), new HashSet<string>(), new List<List<string>>());

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in next.GetValueOrDefault(v, []))
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            if (low[v] != index[v]) return;
            var group = new List<string>();
            string popped;
            do { popped = stack.Pop(); onStack.Remove(popped); group.Add(popped); } while (popped != v);
            if (group.Count > 1) groups.Add(group);
        }

        foreach (var v in next.Keys.Order()) if (!index.ContainsKey(v)) Visit(v);
        return groups.Select(g => Loop(g.Order().First(), g.ToHashSet(), next, edges)).ToList();
    }

    /// <summary>The shortest way from a folder back to itself inside its group, each step named by a file.</summary>
    private static string Loop(string start, HashSet<string> group, Dictionary<string, List<string>> next,
        List<(string From, string To, string File)> edges)
    {
        var cameFrom = new Dictionary<string, string>();
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            foreach (var w in next.GetValueOrDefault(v, []).Where(group.Contains))
            {
                if (w == start)
                {
                    var path = new List<string> { v };
                    while (path[0] != start) path.Insert(0, cameFrom[path[0]]);
                    path.Add(start);
                    return string.Join(" -> ", path.Zip(path.Skip(1), (a, b) =>
                        $"{a} ({edges.First(e => e.From == a && e.To == b).File})")) + " -> " + start;
                }

                if (cameFrom.TryAdd(w, v)) queue.Enqueue(w);
            }
        }

        return start;
    }

    [GeneratedRegex(@"\bSakip\.Api\.(\w+)")]
    private static partial Regex Qualified();

    [GeneratedRegex(@"(?<![\w.])(\w+)\.(\w+)\b")]
    private static partial Regex FromRoot();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum|delegate\s+\S+)\s+(\w+)")]
    private static partial Regex Declaration();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Sakip.EventStore.sln"))) return directory.FullName;
        throw new InvalidOperationException("Sakip.EventStore.sln not found above " + AppContext.BaseDirectory);
    }
}
