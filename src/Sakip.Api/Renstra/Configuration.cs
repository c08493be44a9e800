using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;
using Marten.Schema.Indexing.Unique;

namespace Sakip.Api.Renstra;

public static class RenstraConfiguration
{
    public static void Configure(StoreOptions opts)
    {
        // Stable names: stored history must survive renaming the CLR types.
        opts.Events.MapEventType<RenstraStarted>("renstra_started");
        opts.Events.MapEventType<RenstraPositionAdded>("renstra_position_added");
        opts.Events.MapEventType<RenstraPositionChanged>("renstra_position_changed");
        opts.Events.MapEventType<RenstraSigned>("renstra_signed");
        opts.Events.MapEventType<RenstraIndicatorDefined>("renstra_indicator_defined");
        opts.Events.MapEventType<RenstraIndicatorDetailsChanged>("renstra_indicator_details_changed");
        opts.Events.MapEventType<RenstraTargetsSet>("renstra_targets_set");
        opts.Events.MapEventType<RenstraRealizationReported>("renstra_realization_reported");

        // Inline: a Renstra is small and written rarely; its reads fold the events themselves (RenstraReplay).
        opts.Projections.Snapshot<RenstraPlan>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<RenstraIndicator>(SnapshotLifecycle.Inline);
        opts.Schema.For<RenstraPlan>().Index(x => x.Opd);
        // The indicator code is its stable key within the Renstra (imports and annual cascades name it).
        opts.Schema.For<RenstraIndicator>()
            .UniqueIndex(UniqueIndexType.Computed, "ux_renstra_indicator_code", TenancyScope.PerTenant,
                x => x.Opd, x => x.StartYear, x => x.EndYear, x => x.Code);
    }
}
