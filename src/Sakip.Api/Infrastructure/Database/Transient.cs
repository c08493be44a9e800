using Npgsql;

namespace Sakip.Api.Infrastructure.Database;

/// <summary>
/// Raw Npgsql work that must survive a database restart: after one, every pooled connection is dead and the next
/// use of each fails. Marten retries its own commands; this does the same for the service's direct SQL (the
/// integrity verifier, operations): on a transient failure it empties the pool and tries again, three times.
/// </summary>
public static class Transient
{
    public static async Task<T> Retry<T>(NpgsqlDataSource dataSource, Func<Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (Exception e) when (attempt < 4 && Is(e))
            {
                dataSource.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt), ct);
            }
        }
    }

    /// <summary>Connection lost, server shutting down or starting: worth a retry, or a 503 to the client.</summary>
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres) return postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300";
            if (e is NpgsqlException { IsTransient: true }) return true;
        }

        return false;
    }
}
