using System.Reflection;
using System.Runtime.CompilerServices;
using JasperFx.Events;
using Sakip.Api.Audit;
using Sakip.Api.Capaian;
using Sakip.Api.Domain;
using Sakip.Api.Indicators;
using Sakip.Api.OpdYears;
using Sakip.Api.Opds;
using Sakip.Api.Plans;
using Sakip.Api.Realizations;
using Sakip.Api.Renstra;
using Sakip.Api.Scales;

namespace Sakip.Api.Tests.Domain;

/// <summary>
/// Every event type the store maps declares what it is about, and each fold and router that should see it does:
/// a new event type that declares nothing, or that a fold passes over, fails here rather than vanishing from a view.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_every_event_type_is_routed(SakipApp app)
{
    /// <summary>Events of the tenant, an OPD's registration, or notes: no plan, indicator or Renstra stream.</summary>
    private static readonly Type[] Elsewhere =
        [typeof(OpdRegistered), typeof(OpdRenamed), typeof(ScoringConfigured), typeof(GradeScaleDefined), typeof(InspectorNoteAdded),
         typeof(Sakip.Api.Tenants.TenantProfileSet)];

    private static readonly Revision Perubahan = new(RevisionKind.PkPerubahan, new LegalBasis("PK Perubahan", "PK-P/1", new DateOnly(2022, 9, 1)),
        "Evaluasi", 9);

    /// <summary>The service's own event types (Marten maps its own, such as Archived, beside them).</summary>
    private IReadOnlyList<Type> Mapped() =>
        ((Marten.Events.EventGraph)app.Store.Options.Events).AllKnownEventTypes().Select(t => t.EventType)
            .Where(t => t.Assembly == typeof(Plan).Assembly).Distinct().ToList();

    private static IEvent Wrap(object data) => (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;

    /// <summary>An instance with every field empty except those given: enough to see which arm of a fold it reaches.</summary>
    private static object Blank(Type type, params (string Property, object Value)[] set)
    {
        var data = RuntimeHelpers.GetUninitializedObject(type);
        foreach (var (name, value) in set) type.GetProperty(name)!.SetValue(data, value);
        return data;
    }

    /// <summary>A fold sees an event when it reaches an Apply for it (a new state, or an Apply failing on the blank data).</summary>
    private static bool Sees<T>(Func<T?, IEvent, T?> step, T state, Type type) where T : class
    {
        try { return !ReferenceEquals(step(state, Wrap(Blank(type))), state); }
        catch (Exception e) when (e is not ShouldAssertException) { return true; }
    }

    [Fact]
    public void the_store_maps_the_events_of_every_feature_including_the_renstra()
    {
        var mapped = Mapped();
        mapped.ShouldContain(typeof(RenstraTargetsSet));
        mapped.ShouldContain(typeof(RealizationSubmitted));
        mapped.ShouldContain(typeof(PlanReopened));
        mapped.Count.ShouldBeGreaterThanOrEqualTo(28);
    }

    [Fact]
    public void each_declares_one_home_and_the_fold_of_that_home_sees_it()
    {
        var plan = Plan.Step(null, Wrap(Blank(typeof(PlanStarted))))!;
        var indicator = Indicator.Step(null, Wrap(Blank(typeof(IndicatorDefined))))!;
        var renstra = RenstraPlan.Step(null, Wrap(Blank(typeof(RenstraStarted))))!;
        var renstraIndicator = RenstraIndicator.Step(null, Wrap(Blank(typeof(RenstraIndicatorDefined))))!;
        foreach (var type in Mapped())
        {
            var homes = new[] { typeof(IPlanEvent), typeof(IIndicatorEvent), typeof(IRenstraEvent) }.Where(h => h.IsAssignableFrom(type)).ToList();
            if (Elsewhere.Contains(type)) { homes.ShouldBeEmpty(type.Name); continue; }
            homes.Count.ShouldBe(1, $"{type.Name} declares {homes.Count} of IPlanEvent, IIndicatorEvent, IRenstraEvent");
            if (typeof(IOpdYearEvent).IsAssignableFrom(type))
                (typeof(IPlanEvent).IsAssignableFrom(type) || typeof(IIndicatorEvent).IsAssignableFrom(type)).ShouldBeTrue(type.Name);

            if (typeof(IPlanEvent).IsAssignableFrom(type)) Sees(Plan.Step, plan, type).ShouldBeTrue($"Plan.Step ignores {type.Name}");
            if (typeof(IIndicatorEvent).IsAssignableFrom(type)) Sees(Indicator.Step, indicator, type).ShouldBeTrue($"Indicator.Step ignores {type.Name}");
            if (typeof(IRenstraEvent).IsAssignableFrom(type))
                (Sees(RenstraPlan.Step, renstra, type) || Sees(RenstraIndicator.Step, renstraIndicator, type))
                    .ShouldBeTrue($"neither Renstra fold sees {type.Name}");
        }
    }

    [Fact]
    public void an_event_carrying_a_revision_is_read_by_the_history_and_the_registers()
    {
        var carriers = Mapped().Where(t => t.GetProperty("Revision")?.PropertyType == typeof(Revision)).ToList();
        carriers.Count.ShouldBeGreaterThanOrEqualTo(13);
        foreach (var type in carriers)
        {
            var data = Blank(type, ("Revision", Perubahan));
            IndicatorHistory.RevisionOf(data).ShouldBe(Perubahan, type.Name);
            PerubahanRegister.IsRevision(data).ShouldBeTrue(type.Name);
            IndicatorHistory.Why(Wrap(data)).ShouldBe("Evaluasi", type.Name);
        }
    }

    [Fact]
    public void a_correction_is_a_revision_with_its_reason_and_a_first_report_is_not()
    {
        var corrected = Mapped().Where(t => t.GetProperty("Correction")?.PropertyType == typeof(Correction)).ToList();
        corrected.ShouldBe([typeof(RealizationSubmitted), typeof(RenstraRealizationReported)], ignoreOrder: true);
        foreach (var type in corrected)
        {
            PerubahanRegister.IsRevision(Blank(type)).ShouldBeFalse(type.Name);
            var data = Blank(type, ("Correction", new Correction("Salah ketik", OfVerified: true)));
            PerubahanRegister.IsRevision(data).ShouldBeTrue(type.Name);
            IndicatorHistory.Why(Wrap(data)).ShouldBe("Salah ketik", type.Name);
        }

        foreach (var type in Mapped().Where(t => t.GetProperty("Revision") is null && t.GetProperty("Correction") is null))
            PerubahanRegister.IsRevision(Blank(type)).ShouldBeFalse($"{type.Name} changes no planned value");
    }
}
