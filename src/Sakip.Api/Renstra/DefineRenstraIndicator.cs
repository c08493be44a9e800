using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Scales;
using Wolverine.Http;

namespace Sakip.Api.Renstra;

/// <param name="Code">The indicator's stable key within the Renstra, e.g. IKU-1 (imports and annual cascades name it).</param>
/// <param name="Level">iku (of the OPD) or iki (of a position).</param>
/// <param name="PositionId">For iki: the position it belongs to.</param>
/// <param name="Explanation">Penjelasan, alasan, formulasi or perhitungan, as the document states it.</param>
/// <param name="Polarity">positive (higher is better, the default) or negative.</param>
/// <param name="GradeScale">For qualitative targets: the tenant's scale, e.g. predikat-akip.</param>
/// <param name="Targets">One target per year of the period; a year left out has no target (warned).</param>
public sealed record DefineRenstraIndicator(string? Code, string? Level, string? PositionId, string? Sasaran, string? Name,
    string? Explanation, string? Unit, string? Polarity, string? GradeScale, string? DataSource,
    IReadOnlyList<YearTargetInput?>? Targets, RenstraRevisionInput? Revision);

public static class DefineRenstraIndicatorEndpoint
{
    public sealed record Context(RenstraPlan? Plan, TenantScales? Scales);

    public static ProblemDetails Before(string opd, ClaimsPrincipal user) => RenstraAccess.Plan(user, opd);

    public static async Task<Context> LoadAsync(string opd, int startYear, int endYear, IDocumentSession session,
        CancellationToken ct) =>
        new(await session.LoadAsync<RenstraPlan>(RenstraPlan.StreamKey(opd, startYear, endYear), ct), await TenantScales.Load(session, ct));

    public static async Task<ProblemDetails> ValidateAsync(string opd, int startYear, int endYear, DefineRenstraIndicator? command,
        Context context, IDocumentSession session, CancellationToken ct)
    {
        if (context.Plan is not { } plan) return Problems.NotFound($"No Renstra {startYear}-{endYear} for '{opd}': start it first.");
        if (command is null) return Problems.Validation(new Problems.FieldError("body", "is required: a JSON object."));
        var fields = new FieldChecks();
        Read(command, plan, context.Scales, fields);
        if (fields.HasErrors) return fields.Result();
        if (RenstraRevisionRules.Check(plan, command.Revision) is var rule && rule.IsProblem()) return rule;
        var code = command.Code!.Trim();
        return await session.Query<RenstraIndicator>()
            .AnyAsync(i => i.Opd == opd && i.StartYear == startYear && i.EndYear == endYear && i.Code == code, ct)
            ? Problems.Conflict($"The Renstra has an indicator with code '{code}' already.", "code")
            : WolverineContinue.NoProblems;
    }

    /// <summary>Defines an indicator of the Renstra: an IKU of the OPD or an IKI of a position, with its sasaran, formula, unit, polarity, data source and a target per year. After signing it is a Renstra Perubahan.</summary>
    [WolverinePost("/api/{tenant}/opds/{opd}/renstra/{startYear}-{endYear}/indicators", Name = "DefineRenstraIndicator")]
    [Tags("Renstra")]
    [ProducesResponseType<RenstraIndicatorView>(StatusCodes.Status201Created)]
    public static IResult Post(string tenant, string opd, int startYear, int endYear, DefineRenstraIndicator command,
        Context context, IDocumentSession session)
    {
        var plan = context.Plan!;
        var (defined, targets) = Read(command, plan, context.Scales, new FieldChecks());
        var revision = RenstraRevisionRules.ToRevision(plan, command.Revision);
        defined = defined with { Revision = revision };
        var pending = new List<IEvent>
        {
            PendingEvent.Of(defined, 1),
            PendingEvent.Of(new RenstraTargetsSet(defined.IndicatorId, opd, startYear, endYear, targets, revision, []), 2),
        };
        session.Events.StartStream<RenstraIndicator>(RenstraIndicator.StreamKey(defined.IndicatorId), pending.Select(e => e.Data).ToArray());
        var state = pending.Aggregate((RenstraIndicator?)null, RenstraIndicator.Step)!;
        return Results.Created($"/api/{tenant}/renstra-indicators/{defined.IndicatorId}",
            RenstraIndicatorView.From(state, RenstraWarnings.ForTargets(defined.Unit, targets)));
    }

    private static (RenstraIndicatorDefined Defined, List<YearTarget> Targets) Read(DefineRenstraIndicator c, RenstraPlan plan,
        TenantScales? scales, FieldChecks fields)
    {
        fields.Text("code", c.Code, 60).Text("sasaran", c.Sasaran, 1000).Text("name", c.Name, 1000).Text("unit", c.Unit, 100)
            .Text("explanation", c.Explanation, 4000, required: false).Text("dataSource", c.DataSource, 500, required: false);
        var level = RenstraInputs.ParseLevel(c.Level);
        fields.When(level is null, "level", "must be iku (of the OPD) or iki (of a position).")
            .When(level == RenstraLevel.Iki && (c.PositionId is null || plan.Position(c.PositionId) is null), "positionId",
                "must name a position of this Renstra for an iki.")
            .When(level == RenstraLevel.Iku && c.PositionId is not null, "positionId", "is only for iki: an iku is the OPD's.");
        var polarity = RenstraInputs.ParsePolarity(c.Polarity);
        fields.When(polarity is null, "polarity", "must be positive or negative.");
        var scale = TenantScales.Of(scales, c.GradeScale);
        fields.When(c.GradeScale is not null && scale is null, "gradeScale",
            $"must be one of {string.Join(", ", (scales?.All ?? GradeScale.BuiltIn).Select(s => s.Name))}.");
        var kind = scale is not null ? ValueKind.Grade : c.Unit?.Trim() == "%" ? ValueKind.Percent : ValueKind.Number;
        var targets = RenstraInputs.Targets(c.Targets, plan.StartYear, plan.EndYear, kind, scale, fields);
        var defined = new RenstraIndicatorDefined(Guid.CreateVersion7().ToString(), plan.Opd, plan.StartYear, plan.EndYear,
            c.Code?.Trim() ?? "", level ?? RenstraLevel.Iku, level == RenstraLevel.Iki ? c.PositionId : null, c.Sasaran?.Trim() ?? "",
            c.Name?.Trim() ?? "", AddRenstraPositionEndpoint.Blank(c.Explanation), c.Unit?.Trim() ?? "", polarity ?? Polarity.Positive,
            kind, scale?.Name, AddRenstraPositionEndpoint.Blank(c.DataSource), null);
        return (defined, targets);
    }
}
