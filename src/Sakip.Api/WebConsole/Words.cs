using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Plans;
using Sakip.Api.Domain;

namespace Sakip.Api.WebConsole;

/// <summary>The console's words for the model's values, in Bahasa Indonesia.</summary>
public static class Words
{
    public static string Role(string role) => role switch
    {
        Roles.Admin => "Admin (Bappeda)",
        Roles.Planner => "Perencana",
        Roles.Operator => "Operator",
        Roles.Verifier => "Verifikator",
        Roles.Inspector => "Inspektur",
        Roles.Analyst => "Analis",
        _ => role,
    };

    public static string Status(PlanStatus? status) => status switch
    {
        PlanStatus.Draft => "Draf",
        PlanStatus.Established => "Ditetapkan",
        PlanStatus.Closed => "Ditutup",
        _ => "Belum ada rencana",
    };

    public static string Level(NodeLevel level) => level switch
    {
        NodeLevel.Sasaran => "Sasaran Strategis",
        NodeLevel.SubKegiatan => "Sub Kegiatan",
        _ => level.ToString(),
    };

    public static string Revision(RevisionKind? kind) => kind switch
    {
        RevisionKind.PkPerubahan => "PK Perubahan",
        RevisionKind.DppaPerubahan => "DPPA / APBD-P",
        RevisionKind.RenjaPerubahan => "Renja Perubahan",
        RevisionKind.ChangeOfOfficial => "Pergantian pejabat",
        RevisionKind.AdministrativeCorrection => "Koreksi administratif",
        _ => "",
    };

    public static string Basis(LegalBasis? basis) =>
        basis is null ? "" : $"{basis.DocumentType} {basis.Number} tanggal {Infrastructure.Indonesian.Date(basis.Date)}";

    public static string Realization(RealizationStatus? status) => status switch
    {
        Indicators.RealizationStatus.Submitted => "diajukan",
        Indicators.RealizationStatus.Verified => "terverifikasi",
        Indicators.RealizationStatus.Returned => "dikembalikan",
        _ => "",
    };

    /// <summary>A red flag of the Perubahan register, said in words an inspector acts on.</summary>
    public static string Flag(string flag) => flag switch
    {
        Audit.RedFlags.RealizedPeriodRevised => "Target diubah untuk periode yang sudah ada realisasinya.",
        Audit.RedFlags.LoweredAfterShortfall => "Target diturunkan setelah realisasinya tidak mencapai target semula.",
        Audit.RedFlags.VerifiedRealizationCorrected => "Realisasi yang sudah diverifikasi dikoreksi.",
        Audit.RedFlags.ChangedWhileReopened => "Diubah ketika tahun yang sudah ditutup dibuka kembali.",
        Audit.RedFlags.LegalBasisAfterRecording => "Dasar hukumnya bertanggal sesudah perubahan dicatat.",
        Audit.RedFlags.LegalBasisBeforeAgreement => "Dasar hukumnya bertanggal sebelum Perjanjian Kinerja ditandatangani.",
        _ => flag,
    };

    public static string Severity(string severity) => severity switch
    {
        "low" => "rendah",
        "medium" => "sedang",
        "high" => "tinggi",
        _ => severity,
    };

    public static string About(string about) => about switch
    {
        "event" => "peristiwa",
        "indicator" => "indikator",
        "revision" => "revisi",
        _ => about,
    };
}
