using Scalar.AspNetCore;

namespace Sakip.Api.Infrastructure;

public static class ApiReference
{
    public static WebApplicationBuilder AddSakipApiReference(this WebApplicationBuilder builder)
    {
        // The contract (security, problems, media types, required fields) is shaped by OpenApiContract.
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Sakip.EventStore";
            document.Info.Description = "Event-sourced SAKIP: Renstra (IKU, IKI), Rencana Aksi, realizations, capaian, LKjIP and audit trail. " +
                                        "Send 'Authorization: Bearer <token>' (see the README's token command).";
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication MapSakipApiReference(this WebApplication app)
    {
        app.UseOpenApiContract();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/docs", o => o.WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();
        return app;
    }
}
