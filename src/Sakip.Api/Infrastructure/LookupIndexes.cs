using System.Linq.Expressions;
using Marten;
using Marten.Schema.Indexing.Unique;

namespace Sakip.Api.Infrastructure;

public static class LookupIndexes
{
    /// <summary>
    /// One index named <paramref name="name"/> over the duplicated columns a lookup selects by, in this order, the tenant's
    /// after them: a lookup seeks it with every condition in the index. (Marten ignores the columns a duplicated field's own
    /// index is given: that index is on the field alone.)
    /// </summary>
    public static MartenRegistry.DocumentMappingExpression<T> LookupIndex<T>(this MartenRegistry.DocumentMappingExpression<T> mapping,
        string name, params Expression<Func<T, object>>[] columns) =>
        mapping.Index(columns, i =>
        {
            i.Name = name;
            i.TenancyScope = TenancyScope.PerTenant;
        });
}
