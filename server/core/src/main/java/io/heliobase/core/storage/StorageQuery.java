package io.heliobase.core.storage;

import io.heliobase.core.query.FindOptions.SortKey;
import io.heliobase.core.query.Predicate;
import io.heliobase.core.schema.ClassSchema;
import java.util.List;

/**
 * A find as the storage sees it: subqueries and relations already resolved into plain constraints.
 * {@code readAcl} lists the ACL entries the caller matches; null means the master key (no ACL filter).
 * {@code hint} names an index (or holds its key spec as JSON) for the database to use; null lets it choose.
 */
public record StorageQuery(ClassSchema schema, Predicate where, List<String> readAcl, List<SortKey> order,
                           int skip, int limit, String hint) {
    public StorageQuery {
        readAcl = readAcl == null ? null : List.copyOf(readAcl);
        order = List.copyOf(order);
    }

    public String className() {
        return schema.className();
    }
}
