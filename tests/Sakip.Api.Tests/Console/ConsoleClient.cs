using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Sakip.Api.Tests.Console;

/// <summary>A browser-like client of the console on the test host: it keeps cookies, does not follow redirects.</summary>
public static partial class ConsoleClient
{
    public static HttpClient Anonymous(SakipApp app, bool https = false) =>
        app.Factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri(https ? "https://localhost" : "http://localhost"),
        });

    /// <summary>Signs in with the token form, as a person pasting a token would.</summary>
    public static async Task<HttpClient> SignIn(SakipApp app, string tenant, string role, string? opd = null, string userId = "u-1",
        string name = "Made Wirawan")
    {
        var client = Anonymous(app);
        var response = await client.PostForm("/console/sign-in", new() { ["token"] = app.Token(tenant, role, userId, name, opd) });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().ShouldBe($"/console/{tenant}");
        return client;
    }

    /// <summary>Posts a form with the token of the page that holds it (read from that page first, as a browser would).</summary>
    public static async Task<HttpResponseMessage> PostForm(this HttpClient client, string url, Dictionary<string, string> fields,
        string? formPage = null)
    {
        var page = await client.GetAsync(formPage ?? "/console/sign-in");
        fields["__csrf"] = Csrf(await page.Content.ReadAsStringAsync());
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    public static string Csrf(string html) => CsrfField().Match(html) is { Success: true } m
        ? WebUtility.HtmlDecode(m.Groups[1].Value)
        : throw new InvalidOperationException("The page holds no form token.");

    public static async Task<IDocument> Page(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, html.Length > 2000 ? html[..2000] : html);
        if (expected == HttpStatusCode.OK) response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        return new HtmlParser().ParseDocument(html);
    }

    /// <summary>The text of the page as a reader sees it, whitespace collapsed.</summary>
    public static string Text(this IElement element) => Regex.Replace(element.TextContent, @"\s+", " ").Trim();

    public static string Text(this IDocument document) => document.Body!.Text();

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
