#if TENANT_DATABASES
using System.Net;
using Npgsql;

namespace Sakip.Api.Tests.Tenants;

/// <summary>
/// A new tenant's database is a copy of a template database holding this build's schema; when the template cannot be
/// copied the schema is built in place. Either way the tenant gets the whole schema and works.
/// </summary>
[Collection(SakipCollection.Name)]
public sealed class when_a_tenant_database_is_added(SakipApp app)
{
    [Fact]
    public async Task it_is_a_copy_of_the_empty_template_with_the_whole_schema()
    {
        var tenant = await Registered();

        var template = await Scalar<string>(app.ConnectionString,
            "select string_agg(datname, ',') from pg_database where datname like 'sakip_template_%'");
        template.ShouldNotBeNull();
        template.Split(",").Length.ShouldBe(1, "one template per build");
        template.ShouldNotEndWith("_building");
        var templateDatabase = new NpgsqlConnectionStringBuilder(app.ConnectionString) { Database = template, Pooling = false }.ConnectionString;
        // The store's schema; what Wolverine and Marten add on first use (message tables) follows in the copy.
        var copied = (await Schema(templateDatabase))!.Split(',');
        copied.ShouldContain("mt_events");
        copied.ShouldContain("mt_doc_opdyear");
        copied.ShouldBeSubsetOf((await Schema(await app.ConnectionStringFor(tenant)))!.Split(','));
        (await Scalar<long>(templateDatabase, "select count(*) from sakip.mt_events")).ShouldBe(0);
    }

    [Fact]
    public async Task when_the_template_is_in_use_the_schema_is_built_in_place()
    {
        var reference = await Registered();
        var template = await Scalar<string>(app.ConnectionString,
            "select datname from pg_database where datname like 'sakip_template_%'");
        // PostgreSQL refuses to copy a database someone is connected to.
        await using (var holder = new NpgsqlConnection(
                         new NpgsqlConnectionStringBuilder(app.ConnectionString) { Database = template, Pooling = false }.ConnectionString))
        {
            await holder.OpenAsync();
            var tenant = await Registered();
            var expected = await Schema(await app.ConnectionStringFor(reference));
            // Marten's part is built before the tenant's first request is answered; Wolverine's envelope tables a moment
            // later, by its own agent for the new database (a fresh-clone CI run checked before they were there).
            var built = await Schema(await app.ConnectionStringFor(tenant));
            for (var waited = 0; built != expected && waited < 300; waited++)
            {
                await Task.Delay(200);
                built = await Schema(await app.ConnectionStringFor(tenant));
            }

            built.ShouldBe(expected);
        }
    }

    private async Task<string> Registered()
    {
        var tenant = SakipApp.NewTenant();
        var response = await app.ClientFor(tenant, "admin").PostJson($"/api/{tenant}/opds",
            new { code = "dinkes", name = "Dinas Kesehatan", urusanCodes = new[] { "1.02" } });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return tenant;
    }

    private static Task<string?> Schema(string connectionString) => Scalar<string>(connectionString,
        "select string_agg(table_name, ',' order by table_name) from information_schema.tables where table_schema = 'sakip'");

    private static async Task<T?> Scalar<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() is T value ? value : default;
    }
}
#endif
