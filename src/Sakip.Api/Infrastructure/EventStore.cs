using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.MultiTenancy;
using JasperFx.OpenTelemetry;
using Marten;
using Marten.Services;
using Sakip.Api.Audit;
using Sakip.Api.Capaian;
using Sakip.Api.Indicators;
using Sakip.Api.OpdYears;
using Sakip.Api.Opds;
using Sakip.Api.Plans;
using Sakip.Api.Scales;
using Weasel.Core;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Sakip.Api.Infrastructure;

public static class EventStore
{
    public const string Schema = "sakip";

    /// <summary>
    /// Marten (events, documents, the async daemon) integrated with Wolverine (handlers, HTTP, the
    /// transactional middleware that commits each endpoint's session).
    /// </summary>
    public static WebApplicationBuilder AddSakipEventStore(this WebApplicationBuilder builder, string connectionString)
    {
        builder.Services.AddHttpContextAccessor();
        var integrityKeys = Integrity.IntegrityKeys.Resolve(builder.Configuration, builder.Environment);
        var tenancy = SakipSettings.From(builder.Configuration).Tenancy;
        builder.Services.AddSingleton<Tenants.TenantDatabases>();
        builder.Services.AddSingleton<Tenants.TenantTemplate>();
        builder.Services.AddSingleton(integrityKeys);
        builder.Services.AddSingleton(new Integrity.EventsDataSource(Npgsql.NpgsqlDataSource.Create(connectionString)));
        builder.Services.AddMarten(_ =>
            {
                var opts = new StoreOptions();
                if (tenancy.PerTenant)
                {
                    // A database per tenant, listed in sakip_tenants.mt_tenant_databases of the configured database.
                    opts.MultiTenantedDatabasesWithMasterDatabaseTable(connectionString, "sakip_tenants");
                }
                else opts.Connection(connectionString);

                opts.DatabaseSchemaName = Schema;
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);

                // Tenants are regional governments; nothing crosses them, in events or documents.
                opts.Events.TenancyStyle = TenancyStyle.Conjoined;
                opts.Policies.AllDocumentsAreMultiTenanted();
                opts.Events.StreamIdentity = StreamIdentity.AsString;
                opts.Events.MetadataConfig.EnableAll();
                opts.Events.MetadataConfig.UserNameEnabled = true;
                // Every event is authenticated in the transaction that appends it (docs/integrity.md).
                opts.Listeners.Add(new Integrity.EventSealing(integrityKeys));

                // A rebuild meets the events the live daemon met: one its fold cannot apply (a poison pill) is skipped and
                // listed in projection-errors, as in a normal run, rather than failing the whole rebuild (Marten's rebuild
                // default stops on it).
                opts.Projections.RebuildErrors.SkipApplyErrors = true;

                opts.OpenTelemetry.TrackConnections = TrackLevel.Normal;
                opts.OpenTelemetry.TrackEventCounters();

                OpdRegister.Configure(opts);
                PlanRegister.Configure(opts);
                IndicatorRegister.Configure(opts);
                IndicatorCheckpoints.Configure(opts, integrityKeys);
                TenantScales.Configure(opts);
                RealizationRegister.Configure(opts);
                OpdYearProjection.Configure(opts, integrityKeys);
                PlanEventsIndex.Configure(opts);
                TenantScoring.Configure(opts);
                Tenants.TenantProfile.Configure(opts);
                InspectorNoteQueries.Configure(opts);
                Integrity.IntegrityChainProjection.Configure(opts, integrityKeys);
                Renstra.RenstraConfiguration.Configure(opts);
                AuditTrailProjection.Configure(opts, integrityKeys);
                Http.IdempotentRequest.Configure(opts);
                return opts;
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            // Async projections run as Wolverine agents: the elected leader assigns each projection shard to one
            // node and moves it when that node stops answering (see docs/scaling.md). One node runs them all.
            .IntegrateWithWolverine(m =>
            {
                m.UseWolverineManagedEventSubscriptionDistribution = true;
                // Nodes, leadership and agent assignments live in the configured database, whatever the tenancy.
                if (tenancy.PerTenant) m.MainDatabaseConnectionString = connectionString;
            });

        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            // Numbers are numbers and enums are names: "5" for a number and 99 for an enum are refused, not guessed.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            o.SerializerOptions.Converters.Add(new TargetValueJsonConverter());
            o.SerializerOptions.Converters.Add(new RealizedValueJsonConverter());
        });

        builder.Host.UseWolverine(opts =>
        {
            opts.ServiceName = Telemetry.ServiceName;
            opts.Policies.AutoApplyTransactions();
            // Handler and endpoint code is generated ahead of time into src/Sakip.Api/Internal/Generated
            // (`dotnet run --project src/Sakip.Api -- codegen write`), so no node loads Roslyn or compiles at its first
            // request. A test fails when the committed code differs from what the endpoints generate now.
            opts.CodeGeneration.TypeLoadMode = JasperFx.CodeGeneration.TypeLoadMode.Static;
            var cluster = SakipSettings.From(builder.Configuration).Cluster;
            opts.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(cluster.HeartbeatSeconds);
            opts.Durability.CheckAssignmentPeriod = TimeSpan.FromSeconds(cluster.HeartbeatSeconds);
            opts.Durability.StaleNodeTimeout = TimeSpan.FromSeconds(cluster.StaleNodeSeconds);
        });
        builder.Services.AddWolverineHttp();
        return builder;
    }

    public static WebApplication MapSakipEndpoints(this WebApplication app)
    {
        app.MapWolverineEndpoints(opts =>
        {
            opts.TenantId.IsRouteArgumentNamed("tenant");
            // RequestPolicy refuses an unreadable query value first, naming it; this is the second line (and Wolverine 7's default).
            opts.RejectUnparseableQueryValues = true;
            opts.RequireAuthorizeOnAll();
            opts.AddMiddleware(typeof(Auth.TenantAccessMiddleware),
                chain => chain.RoutePattern?.Parameters.Any(p => p.Name == "tenant") == true);
            opts.AddMiddleware(typeof(EventMetadataMiddleware), EventMetadataMiddleware.AppliesTo);
        });
        return app;
    }
}
