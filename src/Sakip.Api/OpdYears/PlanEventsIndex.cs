using System.Data.Common;
using Marten;
using Weasel.Core;

namespace Sakip.Api.OpdYears;

/// <summary>
/// A partial index of <c>mt_events</c> holding only the plan events (every type but the realizations) by tenant, stream and
/// sequence: the Rencana Aksi's as-of tail (the plan events of an OPD-year's streams after a checkpoint) seeks straight to
/// them, where the stream index visited every event of 300 streams — nine in ten of them realizations — and filtered
/// them in the heap. Realizations, most of the writes, are never inserted into it. Marten owns <c>mt_events</c> and would
/// drop an index it does not know (<c>Events.IgnoreIndex</c> keeps it out of Marten's comparison); this object creates it
/// wherever Marten applies its schema (every tenant database too), when missing.
/// </summary>
public sealed class PlanEventsIndex(Marten.Events.EventGraph events) : ISchemaObject
{
    public const string Name = "mt_events_plan_tail";

    public static void Configure(StoreOptions opts)
    {
        opts.Events.IgnoreIndex(Name);
        // A feature of its own, which Marten applies after the event store's tables (its extended schema objects come first).
        opts.Storage.Add(new Feature(new PlanEventsIndex((Marten.Events.EventGraph)opts.Events)));
    }

    private sealed class Feature(PlanEventsIndex index) : Weasel.Core.Migrations.FeatureSchemaBase("sakip_plan_events_index",
        new Weasel.Postgresql.PostgresqlMigrator())
    {
        protected override IEnumerable<ISchemaObject> schemaObjects()
        {
            yield return index;
        }
    }

    /// <summary>
    /// The predicate of the index on <c>mt_events</c> aliased <paramref name="alias"/>: every type but the realizations'
    /// (<see cref="OpdYear.RealizationTypes"/>, by the names <paramref name="events"/> stores them under). A query repeats
    /// it, as constants, to use the index (<see cref="OpdYearReplay.PlanEventsOnly"/>).
    /// </summary>
    public static string PlanEventsOnly(Marten.Events.EventGraph events, string alias) =>
        $"{alias}.type not in ({string.Join(", ", OpdYear.RealizationTypes.Select(t => $"'{events.EventMappingFor(t).EventTypeName}'"))})";

    public DbObjectName Identifier { get; } =
        new Weasel.Postgresql.PostgresqlObjectName(Infrastructure.EventStore.Schema, Name, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General);

    public void WriteCreateStatement(Migrator migrator, TextWriter writer) =>
        writer.WriteLine($"create index if not exists {Name} on {Infrastructure.EventStore.Schema}.mt_events " +
                         $"(tenant_id, stream_id, seq_id) where {PlanEventsOnly(events, "mt_events")};");

    public void WriteDropStatement(Migrator rules, TextWriter writer) =>
        writer.WriteLine($"drop index if exists {Infrastructure.EventStore.Schema}.{Name};");

    public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder)
    {
        builder.Append($"select count(*) from pg_indexes where schemaname = '{Infrastructure.EventStore.Schema}' and indexname = '{Name}';");
    }

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct)
    {
        await reader.ReadAsync(ct);
        return new Delta(this, reader.GetInt64(0) > 0 ? SchemaPatchDifference.None : SchemaPatchDifference.Create);
    }

    public IEnumerable<DbObjectName> AllNames()
    {
        yield return Identifier;
    }

    /// <summary>Missing: created. Present: nothing to do (its definition is this class's; a change gets a new name).</summary>
    private sealed class Delta(PlanEventsIndex index, SchemaPatchDifference difference) : ISchemaObjectDelta
    {
        public ISchemaObject SchemaObject => index;
        public SchemaPatchDifference Difference => difference;
        public void WriteUpdate(Migrator rules, TextWriter writer) => index.WriteCreateStatement(rules, writer);
        public void WriteRollback(Migrator rules, TextWriter writer) => index.WriteDropStatement(rules, writer);
        public void WriteRestorationOfPreviousState(Migrator rules, TextWriter writer) => index.WriteDropStatement(rules, writer);
    }
}
