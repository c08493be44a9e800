using Sakip.Api.Audit;

namespace Sakip.Api.Tests.Audit;

/// <summary>
/// The trail's folds are held in memory between batches, bounded: the least recently used stream leaves first, and a
/// fold is kept per tenant and stream (the same stream key in two tenants is two folds).
/// </summary>
public sealed class when_the_trail_keeps_its_folds_in_memory
{
    private static AuditFold Fold(string stream, long version) => new("fold:" + stream, version, null, null, null);

    [Fact]
    public void the_least_recently_used_stream_leaves_when_it_is_full()
    {
        var folds = new AuditFolds(2);
        folds.Put("t1", "fold:a", Fold("a", 1));
        folds.Put("t1", "fold:b", Fold("b", 1));
        folds.Get("t1", "fold:a").ShouldNotBeNull(); // a is now more recent than b
        folds.Put("t1", "fold:c", Fold("c", 1));

        folds.Get("t1", "fold:b").ShouldBeNull();
        folds.Get("t1", "fold:a")!.Version.ShouldBe(1);
        folds.Get("t1", "fold:c")!.Version.ShouldBe(1);
    }

    [Fact]
    public void a_newer_fold_replaces_the_older_one_and_tenants_never_share_one()
    {
        var folds = new AuditFolds(10);
        folds.Put("t1", "fold:a", Fold("a", 1));
        folds.Put("t1", "fold:a", Fold("a", 2));
        folds.Put("t2", "fold:a", Fold("a", 7));

        folds.Get("t1", "fold:a")!.Version.ShouldBe(2);
        folds.Get("t2", "fold:a")!.Version.ShouldBe(7);
        folds.Get("t3", "fold:a").ShouldBeNull();
    }
}
