using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sakip.Api.Infrastructure.Http;
using Shouldly;
using Xunit;

namespace Sakip.Api.Tests.Infrastructure;

/// <summary>
/// The body check runs on every request at once: it once shared a NullabilityInfoContext (not thread-safe) whose
/// corrupted dictionary then failed every later request with 500. Many threads checking bodies of many types at once
/// must all get the same answers as one thread alone.
/// </summary>
public sealed class when_many_bodies_are_checked_at_once
{
    private sealed record Signed(string Signature, string? Note, int Count);
    private sealed record Nested(Signed Receipt, string Name, string? Remark);
    private sealed record Third(string A, string B, string C, string? D);

    [Fact]
    public async Task every_check_answers_as_it_would_alone()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        var body = JsonDocument.Parse("""{"count":1}""").RootElement;
        Type[] types = [typeof(Signed), typeof(Nested), typeof(Third)];
        var alone = types.ToDictionary(t => t, t => new JsonBodyCheck(options).Check(body, t).Select(e => e.Field).ToArray());

        var start = new ManualResetEventSlim();
        var checks = Enumerable.Range(0, 64).Select(i => Task.Run(() =>
        {
            start.Wait();
            var type = types[i % types.Length];
            return (type, Fields: new JsonBodyCheck(options).Check(body, type).Select(e => e.Field).ToArray());
        })).ToArray();
        start.Set();

        foreach (var (type, fields) in await Task.WhenAll(checks))
            fields.ShouldBe(alone[type], type.Name);
        alone[typeof(Signed)].ShouldContain(f => f.EndsWith("signature", StringComparison.Ordinal));
    }
}
