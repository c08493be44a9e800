using Sakip.Api.Operations;

namespace Sakip.Api.Tests.Operations;

/// <summary>The watchdog's rule for a shard that runs but does not move (the cluster test drives it for real).</summary>
public sealed class when_a_shard_stops_moving
{
    private static readonly Uri Shard = new("event-subscriptions://marten/main/127!0!0!1.sakip/audit-trail/all");
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void it_is_stalled_once_it_stays_behind_the_newest_event_past_its_allowance()
    {
        var stalls = new ShardStalls(TimeSpan.FromSeconds(30));
        stalls.Observe(Shard, 561, 573, T0).ShouldBeNull();
        stalls.Observe(Shard, 561, 573, T0.AddSeconds(29)).ShouldBeNull();
        stalls.Observe(Shard, 561, 580, T0.AddSeconds(31)).ShouldBe(TimeSpan.FromSeconds(31));
    }

    [Fact]
    public void a_shard_that_moves_or_has_nothing_to_do_is_never_stalled()
    {
        var stalls = new ShardStalls(TimeSpan.FromSeconds(30));
        for (var s = 0; s < 10; s++) stalls.Observe(Shard, 100 + s, 5_000, T0.AddSeconds(20 * s)).ShouldBeNull();
        for (var s = 0; s < 10; s++) stalls.Observe(Shard, 573, 573, T0.AddSeconds(200 + 60 * s)).ShouldBeNull();
    }

    [Fact]
    public void each_restart_that_brings_no_progress_doubles_the_allowance_and_progress_resets_it()
    {
        var stalls = new ShardStalls(TimeSpan.FromSeconds(30));
        stalls.Observe(Shard, 10, 20, T0).ShouldBeNull();
        stalls.Observe(Shard, 10, 20, T0.AddSeconds(30)).ShouldNotBeNull();
        stalls.Observe(Shard, 10, 20, T0.AddSeconds(89)).ShouldBeNull();
        stalls.Observe(Shard, 10, 20, T0.AddSeconds(90)).ShouldNotBeNull();
        stalls.Observe(Shard, 10, 20, T0.AddSeconds(209)).ShouldBeNull();
        stalls.Observe(Shard, 10, 20, T0.AddSeconds(210)).ShouldNotBeNull();

        stalls.Observe(Shard, 11, 20, T0.AddSeconds(211)).ShouldBeNull();
        stalls.Observe(Shard, 11, 20, T0.AddSeconds(241)).ShouldNotBeNull();
    }

    [Fact]
    public void a_shard_no_longer_running_here_is_forgotten()
    {
        var stalls = new ShardStalls(TimeSpan.FromSeconds(30));
        stalls.Observe(Shard, 10, 20, T0).ShouldBeNull();
        stalls.Keep([]);
        stalls.Observe(Shard, 10, 20, T0.AddSeconds(40)).ShouldBeNull();
        stalls.Observe(Shard, 10, 20, T0.AddSeconds(70)).ShouldNotBeNull();
    }
}
