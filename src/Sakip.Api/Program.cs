using JasperFx;
using Sakip.Api.Demo;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Database;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Tenants;
using Sakip.Api.WebConsole;

var builder = WebApplication.CreateBuilder(args);
if (RequiredSettings.Refuse(builder, args, Console.Error))
    return 1;

if (TokenCommand.IsRequested(args))
    return TokenCommand.Run(args, builder.Configuration, Console.Out, Console.Error);

builder.UseSakipDefaults();
// Code generation reads the endpoints and the configuration only: no database is started or reached for it.
if (args is ["codegen", ..] && string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(DatabaseSetup.ConnectionStringName)))
{
    builder.Configuration[$"ConnectionStrings:{DatabaseSetup.ConnectionStringName}"] = "Host=127.0.0.1;Database=sakip_codegen";
    builder.Configuration[Sakip.Api.Integrity.IntegrityKeys.LegacySetting] ??= Convert.ToBase64String(new byte[64]);
}
var connectionString = await builder.AddSakipDatabaseAsync();
builder.AddSakipEventStore(connectionString)
    .AddSakipAuth()
    .AddSakipSignIn()
    .AddSakipConsole()
    .AddSakipTelemetry()
    .AddSakipHealth()
    .AddSakipApiReference();
builder.Services.AddSingleton<Sakip.Api.Capaian.ReportCache>();
builder.Services.AddHostedService<DemoData>();
builder.Services.AddHostedService<Sakip.Api.Integrity.CheckpointSchedule>();
builder.Services.AddHostedService<Sakip.Api.Integrity.VerificationSchedule>();
builder.Services.AddHostedService<Sakip.Api.Operations.ProjectionWatchdog>();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ExceptionProblems>();

var app = builder.Build();
app.UseExceptionHandler();
app.UseHygiene();
app.UseCorrelationId();
app.UseSakipConsoleHeaders();
app.UseAuthentication();
app.UseAuthorization();
app.UseTenantGate();
app.UseRequestPolicy();
app.UseIdempotency();
app.MapSakipHealth();
app.MapSakipApiReference();
app.MapSakipEndpoints();
app.MapSakipConsole();

// `codegen write|test|preview` (JasperFx) regenerates or checks the pre-generated handler code (Internal/Generated).
if (args is ["codegen", ..])
{
    // Into this project's folder, wherever the command is run from.
    foreach (var code in app.Services.GetServices<JasperFx.CodeGeneration.ICodeFileCollection>())
        code.Rules.GeneratedCodeOutputPath = Path.Combine(ProjectDirectory(), "Internal", "Generated");
    return await app.RunJasperFxCommands(args);
}

await app.RunAsync();
return 0;

static string ProjectDirectory([System.Runtime.CompilerServices.CallerFilePath] string program = "") =>
    Path.GetDirectoryName(program)!;

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
