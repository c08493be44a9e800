using Sakip.Api.Integrity;
using Sakip.Api.Tests.Indicators;

namespace Sakip.Api.Tests.Integrity;

/// <summary>
/// The tenant's findings are read in two forms: through Marten (<see cref="IntegrityNotice.ForTenant"/>, for the audit
/// trail and the reports) and as two statements of a replay's own batch (<see cref="IntegrityNotice.Enlist(Npgsql.NpgsqlBatch, Marten.IQuerySession)"/>,
/// for one indicator as of an instant). Both read the first 1,000 quarantined events by sequence as a number (not as text,
/// not as stored), then what the last verification found, and a read answers the same findings from either.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_the_findings_are_read_in_a_batch(SakipApp app)
{
    private static IntegrityFinding Finding(long sequence, string kind = Quarantine.Unauthenticated) =>
        new(kind, sequence, Guid.NewGuid(), "ind:" + sequence, 2, "realization_submitted", $"finding at {sequence}", ["disdagperinkop:2022"]);

    private static string Described(IntegrityFinding f) =>
        $"{f.Kind} {f.Sequence} {f.EventId} {f.Stream} {f.Version} {f.EventType} {f.Reason} {string.Join(",", f.Scopes)}";

    private async Task<IntegrityNotice> Batched(string tenant)
    {
        await using var session = app.Store.QuerySession(tenant);
        await using var batch = Sakip.Api.Tenants.TenantDatabases.DataSourceOf(session).CreateBatch();
        batch.BatchCommands.Add(StoredEvents.BatchCommand("select 1"));            // the replay's own results come first
        var findings = IntegrityNotice.Enlist(batch, session);
        await using var reader = await batch.ExecuteReaderAsync();
        await reader.ReadAsync();
        return await findings.Read(reader, CancellationToken.None);
    }

    [Fact]
    public async Task the_batched_form_gives_the_first_thousand_quarantined_by_sequence_then_the_verification_as_marten_does()
    {
        var plan = await new Buleleng2022(app).Drafted();
        // Stored out of order, across digit counts (9 < 10 < 100 as numbers, not as text), and more than the 1,000 read.
        var sequences = Enumerable.Range(0, 1004).Select(i => (long)(i * 7919 % 1004) * 11 + 9).ToList();
        await using (var session = app.Store.LightweightSession(plan.Tenant))
        {
            foreach (var sequence in sequences)
                session.Store(new QuarantinedEvent(QuarantinedEvent.Key(sequence), sequence, DateTimeOffset.UtcNow, Finding(sequence), "{}", "{}"));
            session.Store(new IntegrityFindings(IntegrityFindings.Key, DateTimeOffset.UtcNow, "invalid",
                [Finding(5, "mismatch"), Finding(3, "mismatch")], 2));
            await session.SaveChangesAsync();
        }

        await using var query = app.Store.QuerySession(plan.Tenant);
        var marten = await IntegrityNotice.ForTenant(query, CancellationToken.None);
        var batched = await Batched(plan.Tenant);

        // As read: the quarantine's first 1,000, then the verification's, as it stored them.
        batched.Findings.Select(f => f.Sequence!.Value).ShouldBe(sequences.Order().Take(1000).Concat([5L, 3L]));
        // As a read answers them (with the events it left out, here none: ordered by sequence), the same as Marten's.
        var expected = sequences.Order().Take(1000).Concat([5L, 3L]).Order().ToList();
        marten.Findings.Select(f => f.Sequence!.Value).ShouldBe(expected);
        batched.With([]).Findings.Select(Described).ShouldBe(marten.Findings.Select(Described));
    }
}
