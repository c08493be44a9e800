using System.Text.Json;
using Marten;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Integrity;

namespace Sakip.Api.WebConsole;

/// <summary>
/// The chain's verification (the API's integrity endpoint), its signed checkpoints to issue and download, and a receipt
/// to upload and check against. The report is shown field by field as the API returns it, so what the verifier adds
/// (quarantined events, for one) appears without a change here.
/// </summary>
public partial class IntegrityPage
{
    public static async Task<IResult> Get(string tenant, string? issued, HttpContext http)
    {
        var (console, refusal) = await ConsoleRequest.Open(http, tenant);
        if (console is null) return refusal!;
        await using var _ = console;
        if (IntegrityEndpoints.Before(console.Principal) is var denied && denied.IsProblem()) return console.Refuse(denied);
        var keys = http.RequestServices.GetRequiredService<IntegrityKeys>();
        var result = await IntegrityEndpoints.Get(tenant, null, null, null, null, console.Session,
            http.RequestServices.GetRequiredService<Marten.IDocumentStore>(), keys, console.Aborted);
        if (result is not IValueHttpResult { Value: { } report })
            return console.Refuse(Problems.Unprocessable("Verifikasi rantai tidak menghasilkan laporan."));
        return await Render(console, JsonSerializer.SerializeToElement(report, JsonSerializerOptions.Web), null, issued);
    }

    public static async Task<IResult> Issue(string tenant, HttpContext http)
    {
        var (console, refusal) = await ConsoleRequest.Open(http, tenant);
        if (console is null) return refusal!;
        await using var _ = console;
        if (CheckpointEndpoints.Before(console.Principal) is var denied && denied.IsProblem()) return console.Refuse(denied);
        Checkpoint checkpoint;
        await using (var session = console.Writer())
        {
            checkpoint = await CheckpointEndpoints.Post(tenant, session, http.RequestServices.GetRequiredService<IntegrityKeys>(), console.Aborted);
            await session.SaveChangesAsync(console.Aborted);
        }

        return Results.Redirect($"/console/{tenant}/integrity?issued={Uri.EscapeDataString(checkpoint.Id)}");
    }

    /// <summary>The checkpoint as the receipt an inspector keeps outside the system (the API's JSON, to post back).</summary>
    public static async Task<IResult> Download(string tenant, string id, HttpContext http)
    {
        var (console, refusal) = await ConsoleRequest.Open(http, tenant);
        if (console is null) return refusal!;
        await using var _ = console;
        if (CheckpointEndpoints.Before(console.Principal) is var denied && denied.IsProblem()) return console.Refuse(denied);
        var checkpoint = await console.Session.LoadAsync<Checkpoint>(id, console.Aborted);
        if (checkpoint is null) return console.Refuse(Problems.NotFound($"Tidak ada titik periksa '{id}'."));
        return Results.File(JsonSerializer.SerializeToUtf8Bytes(checkpoint, new JsonSerializerOptions(JsonSerializerOptions.Web) { WriteIndented = true }),
            "application/json", $"titik-periksa-{tenant}-{checkpoint.Sequence}.json");
    }

    public static async Task<IResult> Verify(string tenant, HttpContext http)
    {
        var (console, refusal) = await ConsoleRequest.Open(http, tenant);
        if (console is null) return refusal!;
        await using var _ = console;
        if (IntegrityEndpoints.Before(console.Principal) is var denied && denied.IsProblem()) return console.Refuse(denied);
        var form = await http.Request.ReadFormAsync(console.Aborted);
        Checkpoint? receipt = null;
        if (form.Files.GetFile("receipt") is { Length: > 0 and < 64 * 1024 } file)
        {
            try
            {
                await using var stream = file.OpenReadStream();
                receipt = await JsonSerializer.DeserializeAsync<Checkpoint>(stream, JsonSerializerOptions.Web, console.Aborted);
            }
            catch (JsonException)
            {
            }
        }

        if (receipt is null || string.IsNullOrEmpty(receipt.Signature))
            return console.Refuse(Problems.Validation(new Problems.FieldError("receipt",
                "Unggah berkas tanda terima (.json) yang diunduh dari halaman ini atau dari API.")));
        var report = await IntegrityEndpoints.Post(tenant, receipt, console.Session,
            http.RequestServices.GetRequiredService<Marten.IDocumentStore>(), http.RequestServices.GetRequiredService<IntegrityKeys>(),
            console.Aborted);
        return await Render(console, JsonSerializer.SerializeToElement(report, JsonSerializerOptions.Web), receipt, null);
    }

    private static async Task<IResult> Render(ConsoleRequest console, JsonElement report, Checkpoint? receipt, string? issued) =>
        console.Page<IntegrityPage>(new
        {
            Chrome = console.Chrome("Integritas catatan", "integrity"), Report = report, Receipt = receipt, Issued = issued,
            Checkpoints = await CheckpointEndpoints.Get(console.Session, console.Aborted), Zone = console.Zone,
        });
}
