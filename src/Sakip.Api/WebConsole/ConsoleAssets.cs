using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Sakip.Api.WebConsole;

/// <summary>
/// The console's style sheet and script, embedded in the service's assembly: nothing is fetched from another site
/// (government networks are often closed) and nothing depends on where the service was started from. The URLs carry
/// a hash of the content, so browsers may keep them for a year.
/// </summary>
public static class ConsoleAssets
{
    private sealed record Asset(byte[] Content, string ContentType, string Hash);

    private static readonly FrozenDictionary<string, Asset> All = new[] { ("console.css", "text/css"), ("console.js", "text/javascript") }
        .ToFrozenDictionary(a => a.Item1, a => Load(a.Item1, a.Item2));

    public static string Css => Url("console.css");
    public static string Js => Url("console.js");

    private static string Url(string name) => $"{Infrastructure.Auth.SignInSchemes.ConsolePath}/assets/{name}?v={All[name].Hash}";

    public static IResult Get(string name, HttpContext context)
    {
        if (!All.TryGetValue(name, out var asset)) return Results.NotFound();
        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return Results.Bytes(asset.Content, asset.ContentType + "; charset=utf-8");
    }

    private static Asset Load(string name, string contentType)
    {
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream($"Sakip.Api.WebConsole.assets.{name}")
                           ?? throw new InvalidOperationException($"The console asset {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var content = copy.ToArray();
        return new Asset(content, contentType, Convert.ToHexStringLower(SHA256.HashData(content))[..12]);
    }
}
