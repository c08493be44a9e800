using System.Security.Claims;
using System.Security.Cryptography;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Plans;

namespace Sakip.Api.Imports;

/// <summary>The uploaded file as the audit trail names it: file name, SHA-256 and size.</summary>
public sealed record ImportBatch(string FileName, string Sha256, int Bytes, byte[] Content, string? MediaType)
{
    public const string FileHeader = "import_file";
    public const string ShaHeader = "import_sha256";
    public const string RowHeader = "import_row";

    public static ImportBatch Of(byte[] content, string? fileName, string? mediaType) =>
        new(string.IsNullOrWhiteSpace(fileName) ? "upload" : Path.GetFileName(fileName),
            Convert.ToHexStringLower(SHA256.HashData(content)), content.Length, content, mediaType);

    public void Stamp(IDocumentSession session)
    {
        session.SetHeader(EventHeaders.Source, "import");
        session.SetHeader(FileHeader, FileName);
        session.SetHeader(ShaHeader, Sha256);
    }
}

/// <summary>Events for one stream, each tagged with the spreadsheet row it comes from.</summary>
public sealed record PendingStream(string StreamKey, bool IsNew, long ExpectedVersion, List<(int Row, object Event)> Events)
{
    public void AppendTo(IDocumentSession session, Type aggregate)
    {
        var data = Events.Select(e => e.Event).ToArray();
        var action = IsNew
            ? session.Events.StartStream(aggregate, StreamKey, data)
            : session.Events.Append(StreamKey, ExpectedVersion + data.Length, data);
        for (var i = 0; i < action.Events.Count; i++) action.Events[i].SetHeader(ImportBatch.RowHeader, Events[i].Row);
    }
}

public sealed record ImportChange(int Row, string Kind, string Code, string Detail);

/// <summary>What an import found and did. Errors mean nothing was stored.</summary>
public sealed record ImportReport(bool DryRun, bool Stored, string FileName, string Sha256, int Rows,
    IReadOnlyList<ImportIssue> Errors, IReadOnlyList<ImportIssue> Warnings, IReadOnlyList<ImportChange> Changes,
    int Unchanged)
{
    public string Summary => Errors.Count > 0
        ? $"{Errors.Count} error(s): nothing was stored."
        : Changes.Count == 0
            ? "Nothing changed: the file matches what is stored."
            : $"{Changes.Count} change(s) {(Stored ? "stored" : "would be stored (dry run)")}.";
}

/// <summary>An upload an import endpoint accepted: who sends it, the file, its limits and how to read its numbers.</summary>
public sealed record Upload(SakipUser Caller, ImportBatch Batch, ImportSettings Limits, NumberFormat Format);

/// <summary>Reading an upload (raw body or multipart form) within the configured limits.</summary>
public static class ImportUpload
{
    /// <summary>
    /// What every import endpoint checks before it reads a row, in this order: the caller's role, the number format,
    /// the endpoint's own query values (<paramref name="query"/>), then the upload within the configured limits.
    /// </summary>
    public static async Task<(Upload? Upload, ProblemDetails Problem)> Receive(HttpRequest request, ClaimsPrincipal user,
        string action, string role, string? numberFormat, IConfiguration configuration, CancellationToken ct,
        Func<ProblemDetails>? query = null)
    {
        if (Access.Require(user, action, role) is var denied && denied.IsProblem()) return (null, denied);
        if (Format(numberFormat) is not { } format)
            return (null, Problems.Validation(new Problems.FieldError("numberFormat", "must be id or en.")));
        if (query?.Invoke() is { } refused && refused.IsProblem()) return (null, refused);
        var limits = ImportSettings.From(configuration);
        var (batch, problem) = await Read(request, limits, ct);
        return batch is null ? (null, problem) : (new Upload(SakipUser.From(user)!, batch, limits, format), problem);
    }

    public static async Task<(ImportBatch? Batch, ProblemDetails Problem)> Read(HttpRequest request, ImportSettings limits,
        CancellationToken ct)
    {
        if (request.ContentLength > limits.MaxBytes)
            return (null, TooLarge(limits));
        byte[] content;
        string? name = null, type = request.ContentType;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.FirstOrDefault();
            if (file is null) return (null, Problems.Validation(new Problems.FieldError("file", "the form holds no file.")));
            if (file.Length > limits.MaxBytes) return (null, TooLarge(limits));
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            (content, name, type) = (buffer.ToArray(), file.FileName, file.ContentType);
        }
        else
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limits.MaxBytes) return (null, TooLarge(limits));
            }

            content = buffer.ToArray();
            name = request.Headers["X-File-Name"].FirstOrDefault();
        }

        return content.Length == 0
            ? (null, Problems.Validation(new Problems.FieldError("file", "the upload is empty.")))
            : (ImportBatch.Of(content, name, type), Wolverine.Http.WolverineContinue.NoProblems);
    }

    private static ProblemDetails TooLarge(ImportSettings limits) => new()
    {
        Type = "https://sakip.dev/problems/too-large", Title = "The file is too large.",
        Status = StatusCodes.Status413PayloadTooLarge,
        Detail = $"Imports accept at most {limits.MaxBytes / 1024 / 1024} MiB; split the file per OPD-year.",
    };

    public static NumberFormat? Format(string? numberFormat) => numberFormat?.ToLowerInvariant() switch
    {
        null or "id" => NumberFormat.Id,
        "en" => NumberFormat.En,
        _ => null,
    };

    /// <summary>The revision an import of an established plan carries, from its query values.</summary>
    public static (RevisionInput? Revision, ProblemDetails Problem) Revision(string? kind, string? legalBasisType,
        string? legalBasisNumber, string? legalBasisDate, string? reason, int? effectiveFromMonth, bool? acknowledge)
    {
        if (kind is null && legalBasisType is null && legalBasisNumber is null && legalBasisDate is null && reason is null &&
            effectiveFromMonth is null) return (null, Wolverine.Http.WolverineContinue.NoProblems);
        DateOnly? date = null;
        if (legalBasisDate is not null)
        {
            if (!DateOnly.TryParseExact(legalBasisDate, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.None, out var parsed))
                return (null, Problems.Validation(new Problems.FieldError("legalBasisDate", "must be a date such as 2024-03-31.")));
            date = parsed;
        }

        return (new RevisionInput(kind, new LegalBasisInput(legalBasisType, legalBasisNumber, date), reason, effectiveFromMonth,
            acknowledge == true), Wolverine.Http.WolverineContinue.NoProblems);
    }
}

/// <summary>Limits that protect the service (section <c>Sakip:Import</c>).</summary>
public sealed record ImportSettings
{
    public const long DefaultMaxUncompressedBytes = 64 * 1024 * 1024;

    public long MaxBytes { get; init; } = 10 * 1024 * 1024;
    public int MaxRows { get; init; } = 20_000;

    /// <summary>What an Excel upload may unpack to (a zip bomb of a few MiB otherwise becomes gigabytes).</summary>
    public long MaxUncompressedBytes { get; init; } = DefaultMaxUncompressedBytes;

    public static ImportSettings From(IConfiguration configuration) =>
        configuration.GetSection("Sakip:Import").Get<ImportSettings>() ?? new ImportSettings();
}
