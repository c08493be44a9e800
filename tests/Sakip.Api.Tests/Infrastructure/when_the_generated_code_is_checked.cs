using JasperFx.CodeGeneration;
using Microsoft.Extensions.DependencyInjection;

namespace Sakip.Api.Tests.Infrastructure;

/// <summary>
/// The service runs pre-generated handler code (TypeLoadMode.Static): what is committed under
/// src/Sakip.Api/Internal/Generated must be what the endpoints and their middleware generate now, or a node would run
/// stale adapters (or fail on a missing one).
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_the_generated_code_is_checked(SakipApp app)
{
    [Fact]
    public void the_committed_handler_code_is_what_the_endpoints_generate_now()
    {
        var committed = Path.Combine(RepositoryRoot(), "src", "Sakip.Api", "Internal", "Generated");
        var fresh = Path.Combine(Path.GetTempPath(), "sakip-codegen-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var services = app.Factory.Services;
            var collections = services.GetServices<ICodeFileCollection>().ToArray();
            var paths = collections.Select(c => c.Rules.GeneratedCodeOutputPath).ToArray();
            try
            {
                // Written where `codegen write` would write, but into a temporary directory.
                foreach (var collection in collections) collection.Rules.GeneratedCodeOutputPath = fresh;
                new DynamicCodeBuilder(services, collections)
                {
                    ServiceVariableSource = services.GetService<JasperFx.CodeGeneration.Model.IServiceVariableSource>(),
                }.WriteGeneratedCode(_ => { });
            }
            finally
            {
                for (var i = 0; i < collections.Length; i++) collections[i].Rules.GeneratedCodeOutputPath = paths[i];
            }

            var expected = Files(fresh);
            var actual = Files(committed);
            expected.Count.ShouldBeGreaterThan(40, "every endpoint has an adapter");
            var stale = expected.Where(f => !actual.TryGetValue(f.Key, out var text) || text != f.Value).Select(f => f.Key)
                .Concat(actual.Keys.Except(expected.Keys)).Order().ToList();
            stale.ShouldBeEmpty("regenerate with `dotnet run --project src/Sakip.Api -- codegen write` and commit the result");
        }
        finally
        {
            if (Directory.Exists(fresh)) Directory.Delete(fresh, recursive: true);
        }
    }

    private static Dictionary<string, string> Files(string directory) =>
        Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f).Replace('\\', '/'),
                f => File.ReadAllText(f).ReplaceLineEndings("\n"));

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Sakip.EventStore.sln"))) return directory.FullName;
        throw new InvalidOperationException("Sakip.EventStore.sln not found above " + AppContext.BaseDirectory);
    }
}
