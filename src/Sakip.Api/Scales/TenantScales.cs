using JasperFx.Events.Projections;
using Marten;

namespace Sakip.Api.Scales;

/// <summary>An admin (Bappeda) added an ordinal scale for qualitative targets, lowest grade first.</summary>
public sealed record GradeScaleDefined(string Name, IReadOnlyList<string> Grades);

/// <summary>The grade scales of a tenant: the built-in ones and those its admins defined (stream <c>settings:grade-scales</c>).</summary>
public sealed partial record TenantScales
{
    public const string StreamKey = "settings:grade-scales";
    public string Id { get; init; } = StreamKey;
    public IReadOnlyList<GradeScale> Defined { get; init; } = [];
    public int Version { get; set; }

    public static TenantScales Create(GradeScaleDefined e) => new() { Defined = [new GradeScale(e.Name, e.Grades)] };

    public TenantScales Apply(GradeScaleDefined e) => this with { Defined = [.. Defined, new GradeScale(e.Name, e.Grades)] };

    public IEnumerable<GradeScale> All => GradeScale.BuiltIn.Concat(Defined);

    public GradeScale? Find(string? name) => Of(this, name);

    public static GradeScale? Of(TenantScales? scales, string? name) =>
        (scales?.All ?? GradeScale.BuiltIn).FirstOrDefault(s =>
            string.Equals(s.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static Task<TenantScales?> Load(IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<TenantScales>(StreamKey, ct);

    public static void Configure(StoreOptions opts)
    {
        opts.Events.MapEventType<GradeScaleDefined>("grade_scale_defined");
        opts.Projections.Snapshot<TenantScales>(SnapshotLifecycle.Inline);
    }
}
