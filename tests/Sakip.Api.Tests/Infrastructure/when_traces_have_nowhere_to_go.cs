using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Sakip.Api.Infrastructure;

namespace Sakip.Api.Tests.Infrastructure;

/// <summary>Traces cost every request a span per database command: they are recorded only when something collects them.</summary>
public sealed class when_traces_have_nowhere_to_go
{
    private static TracerProvider? Tracer(params string[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        foreach (var setting in settings)
        {
            var pair = setting.Split('=', 2);
            builder.Configuration[pair[0]] = pair[1];
        }

        builder.AddSakipTelemetry();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetService<TracerProvider>();
    }

    [Fact]
    public void no_tracer_is_registered_without_an_exporter() => Tracer().ShouldBeNull();

    [Fact]
    public void an_otlp_endpoint_or_the_setting_switches_them_on()
    {
        Tracer("OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317").ShouldNotBeNull();
        Tracer("Sakip:Telemetry:Traces=true").ShouldNotBeNull();
    }
}
