using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Sakip.Api.Infrastructure;

public static class Telemetry
{
    public const string ServiceName = "sakip-eventstore";

    public static WebApplicationBuilder AddSakipTelemetry(this WebApplicationBuilder builder)
    {
        // Traces cost every request an activity per span (ASP.NET Core, each Npgsql command, Marten, Wolverine) and are
        // only worth it when something collects them: without an exporter (or Sakip:Telemetry:Traces=true, for an
        // exporter added in code), only the metrics are kept.
        var exporter = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var traces = exporter || builder.Configuration.GetValue<bool>("Sakip:Telemetry:Traces");
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Marten", "Wolverine"));
        if (traces)
            otel.WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/health"))
                .AddNpgsql()
                .AddSource("Marten", "Wolverine"));
        if (exporter) otel.UseOtlpExporter();

        return builder;
    }
}
