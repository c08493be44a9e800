using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Sakip.Api.Integrity;

namespace Sakip.Api.Tests.Integrity;

/// <summary>The keyring: configured keys by id, one current, the single key of earlier versions as k1.</summary>
public sealed class when_integrity_keys_are_configured
{
    private static readonly string K1 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
    private static readonly string K2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Sakip.Api";
        public string ContentRootPath { get; set; } = "";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private static IntegrityKeys Resolve(string environment, params (string Key, string Value)[] settings) =>
        IntegrityKeys.Resolve(new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build(),
            new Environment(environment));

    private static SealedContent Content() => new("buleleng", "opd:dinkes", 1, Guid.CreateVersion7(), "opd_registered", 1,
        "corr-1", null, "u-1", "{}"u8.ToArray(), Encoding.UTF8.GetBytes("""{"code": "dinkes"}"""));

    [Fact]
    public void the_single_key_of_earlier_versions_is_k1()
    {
        var ring = Resolve(Environments.Production, ("Sakip:IntegrityKey", K1));
        ring.Current.Id.ShouldBe("k1");
        ring.All.ShouldHaveSingleItem();
    }

    [Fact]
    public void a_ring_names_its_current_key_and_every_key_still_verifies()
    {
        var rotated = Resolve(Environments.Production, ("Sakip:IntegrityKey", K1), ("Sakip:Integrity:Keys:k2", K2),
            ("Sakip:Integrity:CurrentKey", "k2"));
        rotated.Current.Id.ShouldBe("k2");
        var content = Content();
        var old = EventSeal.Mac(Resolve(Environments.Production, ("Sakip:IntegrityKey", K1)).Current, content);
        old.ShouldStartWith("k1:");
        EventSeal.Check(rotated, old, content).ShouldBeNull();
        EventSeal.Check(rotated, EventSeal.Mac(rotated.Current, content), content).ShouldBeNull();
        EventSeal.Check(rotated, old, content with { Version = 2 }).ShouldNotBeNull();
        EventSeal.Check(Resolve(Environments.Production, ("Sakip:Integrity:Keys:k2", K2)), old, content)!.ShouldContain("'k1'");
        EventSeal.Check(rotated, "k2:" + old[3..], content).ShouldNotBeNull("a relabelled authenticator");
    }

    [Fact]
    public void an_ambiguous_or_broken_ring_is_refused_with_the_setting_named()
    {
        Should.Throw<InvalidOperationException>(() => Resolve(Environments.Production, ("Sakip:Integrity:Keys:k1", K1),
            ("Sakip:Integrity:Keys:k2", K2))).Message.ShouldContain("Sakip:Integrity:CurrentKey");
        Should.Throw<InvalidOperationException>(() => Resolve(Environments.Production, ("Sakip:Integrity:Keys:k1", K1),
            ("Sakip:Integrity:CurrentKey", "k9"))).Message.ShouldContain("'k9'");
        Should.Throw<InvalidOperationException>(() => Resolve(Environments.Production, ("Sakip:IntegrityKey", K1),
            ("Sakip:Integrity:Keys:k1", K2))).Message.ShouldContain("k1");
        Should.Throw<InvalidOperationException>(() => Resolve(Environments.Production, ("Sakip:Integrity:Keys:K 1", K1)))
            .Message.ShouldContain("key id");
        Should.Throw<InvalidOperationException>(() => Resolve(Environments.Production, ("Sakip:IntegrityKey", Convert.ToBase64String(new byte[16]))))
            .Message.ShouldContain("64 bytes");
    }

    [Fact]
    public void an_event_whose_version_is_not_known_before_the_write_is_not_authenticated_but_refused()
    {
        var e = new JasperFx.Events.Event<Sakip.Api.Opds.OpdRegistered>(new Sakip.Api.Opds.OpdRegistered("dinkes", "Dinas Kesehatan", ["1.02"]))
        {
            EventTypeName = "opd_registered", Timestamp = DateTimeOffset.UtcNow,
        };
        Should.Throw<InvalidOperationException>(() => EventSealing.Seal(Resolve(Environments.Production, ("Sakip:IntegrityKey", K1)).Current,
            new Marten.Services.SystemTextJsonSerializer(), "buleleng", "opd:dinkes", e)).Message.ShouldContain("expected version");
    }

    [Fact]
    public void outside_development_a_start_without_a_key_is_refused_and_development_generates_one()
    {
        Should.Throw<InvalidOperationException>(() => Resolve(Environments.Staging)).Message.ShouldContain("refuses to start");
        var refused = Should.Throw<InvalidOperationException>(() => Resolve(Environments.Production));
        refused.Message.ShouldContain("Sakip:IntegrityKey");
        refused.Message.ShouldContain("Sakip:Integrity:Keys");
        refused.Message.ShouldContain("refuses to start");

        var directory = Path.Combine(Path.GetTempPath(), "sakip-keys-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var generated = Resolve(Environments.Development, ("Sakip:DataDirectory", directory));
            generated.Current.Id.ShouldBe("k1");
            Resolve(Environments.Development, ("Sakip:DataDirectory", directory)).Current.PublicKeyBase64
                .ShouldBe(generated.Current.PublicKeyBase64, "the same key on the next start");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void a_key_ring_alone_satisfies_the_settings_a_production_start_requires()
    {
        static IReadOnlyList<string> Missing(params (string Key, string Value)[] settings) =>
            Sakip.Api.Infrastructure.RequiredSettings.Missing(
                new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build(),
                new Environment(Environments.Production), []).Select(s => s.Key).ToList();

        (string, string) connection = ("ConnectionStrings:Sakip", "Host=db"), signing = ("Sakip:SigningKey", new string('s', 40));
        Missing(connection, signing).ShouldBe(["Sakip:IntegrityKey"]);
        Missing(connection, signing, ("Sakip:Integrity:Keys:k2", K2), ("Sakip:Integrity:CurrentKey", "k2")).ShouldBeEmpty();
        Missing(connection, signing, ("Sakip:IntegrityKey", K1)).ShouldBeEmpty();
    }
}
