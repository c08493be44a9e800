using System.Net;
using System.Security.Cryptography;
using Sakip.Api.Infrastructure.Auth;

namespace Sakip.Api.Tests.Cluster;

/// <summary>
/// The rotation procedure of docs/integrity.md, on real service processes: a service on the single key of earlier
/// versions (<c>Sakip:IntegrityKey</c>, key id k1) restarted with a keyring that adds k2 as the current key. Old
/// events, links and receipts still verify; new ones are made with k2; a ring without k1 no longer vouches for what k1
/// made. And a Production start without any key refuses to run.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class when_the_integrity_key_rotates : IAsyncLifetime
{
    private readonly ServiceCluster _cluster = new();

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task old_ids_still_verify_new_writes_use_the_current_key_and_a_start_without_a_key_is_refused()
    {
        var tenant = SakipApp.NewTenant();
        var k2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));

        var before = await _cluster.StartNode("k1-only");
        using (var admin = ServiceCluster.Client(before, tenant))
            await AgencyYear.Register(admin, tenant);
        await _cluster.WaitForProjections(TimeSpan.FromSeconds(60));
        string receipt;
        using (var inspector = ServiceCluster.Client(before, tenant, Roles.Inspector, "ins-01"))
            receipt = await (await inspector.PostAsync($"/api/{tenant}/integrity/checkpoints", null)).Content.ReadAsStringAsync();
        await before.DisposeAsync();

        // Step 2 of the procedure (every node already holds k2): k2 becomes the current key.
        var rotated = await _cluster.StartNode("k1-and-k2", new Dictionary<string, string?>
        {
            ["Sakip__Integrity__Keys__k2"] = k2, ["Sakip__Integrity__CurrentKey"] = "k2",
        });
        using (var admin = ServiceCluster.Client(rotated, tenant))
            (await admin.PutJson($"/api/{tenant}/opds/{AgencyYear.Opd}/name", new { name = "Dinas Perdagangan", expectedVersion = 1 }))
                .StatusCode.ShouldBe(HttpStatusCode.OK);
        await _cluster.WaitForProjections(TimeSpan.FromSeconds(60));
        using (var inspector = ServiceCluster.Client(rotated, tenant, Roles.Inspector, "ins-01"))
        {
            var report = await (await inspector.GetAsync($"/api/{tenant}/integrity")).Json(HttpStatusCode.OK);
            report["status"]!.GetValue<string>().ShouldBe("valid", report.ToJsonString());
            report["checked"]!.GetValue<int>().ShouldBe(2);
            var old = await (await inspector.PostRaw($"/api/{tenant}/integrity/verification", receipt)).Json(HttpStatusCode.OK);
            old["receipt"]!["matches"]!.GetValue<bool>().ShouldBeTrue(old.ToJsonString());
            var fresh = await (await inspector.PostAsync($"/api/{tenant}/integrity/checkpoints", null)).Json(HttpStatusCode.OK);
            fresh["keyId"]!.GetValue<string>().ShouldBe("k2");
        }

        (await _cluster.Scalar("select count(*) from sakip.mt_events where tenant_id = $1 and headers->>'sakip_mac' like 'k1:%'", tenant)).ShouldBe(1);
        (await _cluster.Scalar("select count(*) from sakip.mt_events where tenant_id = $1 and headers->>'sakip_mac' like 'k2:%'", tenant)).ShouldBe(1);
        (await _cluster.Scalar("select count(*) from sakip.mt_doc_integritylink where tenant_id = $1 and data->>'keyId' = 'k2'", tenant)).ShouldBe(1);
        await rotated.DisposeAsync();

        // A ring that dropped k1 cannot vouch for what k1 made: why the procedure keeps every key.
        var withoutK1 = await _cluster.StartNode("k2-only", new Dictionary<string, string?>
        {
            ["Sakip__IntegrityKey"] = null, ["Sakip__Integrity__Keys__k2"] = k2,
        });
        using (var inspector = ServiceCluster.Client(withoutK1, tenant, Roles.Inspector, "ins-01"))
        {
            var report = await (await inspector.GetAsync($"/api/{tenant}/integrity")).Json(HttpStatusCode.OK);
            report["status"]!.GetValue<string>().ShouldBe("broken");
            report["firstMismatch"]!["reason"]!.GetValue<string>().ShouldContain("'k1'");
        }

        await withoutK1.DisposeAsync();

        var refused = await Should.ThrowAsync<InvalidOperationException>(() => _cluster.StartNode("no-key", new Dictionary<string, string?>
        {
            ["Sakip__IntegrityKey"] = null, ["ASPNETCORE_ENVIRONMENT"] = "Production",
        }));
        refused.Message.ShouldContain("exited");
        refused.Message.ShouldContain("Sakip:IntegrityKey");
        refused.Message.ShouldContain("will not start");
    }
}
