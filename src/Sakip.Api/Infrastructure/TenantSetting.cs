using Marten;
using Sakip.Api.Infrastructure.Http;

namespace Sakip.Api.Infrastructure;

/// <summary>
/// A tenant-wide setting kept as one stream (<c>settings:...</c>): the first write starts it with no version to name;
/// every later one must name the version it was based on, so two admins cannot overwrite each other unseen.
/// </summary>
public static class TenantSetting
{
    public static FieldChecks VersionOnceSet(this FieldChecks checks, long? expected, int current, string what) =>
        checks.When(current > 0 && expected is null, "expectedVersion", $"is required: the version of the {what} your change is based on.");

    /// <returns>The setting's version after the event.</returns>
    public static int Write<T>(IDocumentSession session, string streamKey, int current, object change) where T : class
    {
        if (current == 0) session.Events.StartStream<T>(streamKey, change);
        else session.Events.Append(streamKey, current + 1, change);
        return current + 1;
    }
}
