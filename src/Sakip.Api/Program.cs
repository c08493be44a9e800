using Sakip.Api.Demo;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Database;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Tenants;

var builder = WebApplication.CreateBuilder(args);

if (TokenCommand.IsRequested(args))
    return TokenCommand.Run(args, builder.Configuration, Console.Out, Console.Error);

builder.UseSakipDefaults();
var connectionString = await builder.AddSakipDatabaseAsync();
builder.AddSakipEventStore(connectionString)
    .AddSakipAuth()
    .AddSakipTelemetry()
    .AddSakipHealth()
    .AddSakipApiReference();
builder.Services.AddHostedService<DemoData>();
builder.Services.AddHostedService<Sakip.Api.Integrity.CheckpointSchedule>();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ExceptionProblems>();

var app = builder.Build();
app.UseExceptionHandler();
app.UseCorrelationId();
app.UseAuthentication();
app.UseAuthorization();
app.UseTenantGate();
app.UseIdempotency();
app.MapSakipHealth();
app.MapSakipApiReference();
app.MapSakipEndpoints();

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
