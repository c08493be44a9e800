using Marten;

namespace Sakip.Api.Infrastructure;

/// <summary>
/// Documents a projection writes by the thousand, queued as one statement per batch (<c>unnest</c> of ids and JSON) in
/// the projection's transaction, instead of one upsert call per document. The rows are what Marten would have written
/// (its serializer, its table, its type column); readers keep loading them as documents.
/// </summary>
public static class BulkDocuments
{
    public static void Upsert<T>(IDocumentOperations operations, string tenant, IReadOnlyCollection<(string Id, T Document)> documents)
        where T : notnull
    {
        if (documents.Count == 0) return;
        var serializer = operations.DocumentStore.Options.Serializer();
        var ids = new string[documents.Count];
        var json = new string[documents.Count];
        var i = 0;
        foreach (var (id, document) in documents)
        {
            ids[i] = id;
            json[i++] = serializer.ToJson(document);
        }

        operations.QueueSqlCommand(
            $"insert into {EventStore.Schema}.mt_doc_{typeof(T).Name.ToLowerInvariant()} (tenant_id, id, data, mt_dotnet_type) " +
            "select ?, u.id, u.data::jsonb, ? from unnest(?::text[], ?::text[]) as u(id, data) " +
            "on conflict (tenant_id, id) do update set data = excluded.data, mt_dotnet_type = excluded.mt_dotnet_type, " +
            "mt_version = excluded.mt_version, mt_last_modified = transaction_timestamp()",
            tenant, typeof(T).FullName!, ids, json);
    }
}
