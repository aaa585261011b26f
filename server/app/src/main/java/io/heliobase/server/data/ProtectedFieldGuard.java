package io.heliobase.server.data;

import io.heliobase.core.acl.AccessPolicy;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.query.Constraint;
import io.heliobase.core.query.FindOptions;
import io.heliobase.core.query.Predicate;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.SystemClasses;
import java.util.List;
import java.util.Set;

/**
 * Refuses queries that could reveal a field the caller may not read: a constraint or sort on it, at any depth of
 * $or/$and/$nor, through dot paths, or inside a subquery on another class. Parse Server leaked protected fields
 * through each of these (GHSA-r2m8-pxm9-9c4g, GHSA-72hp-qff8-4pvv); here the check runs before the query does.
 */
public final class ProtectedFieldGuard {
    private final SchemaCache schemas;

    public ProtectedFieldGuard(SchemaCache schemas) {
        this.schemas = schemas;
    }

    public void check(Caller caller, ClassSchema schema, Predicate where, List<FindOptions.SortKey> order) {
        if (caller.isMaster()) {
            return;
        }
        Set<String> hidden = hiddenFields(caller, schema);
        checkPredicate(caller, schema, hidden, where);
        for (FindOptions.SortKey key : order) {
            requireVisible(schema, hidden, key.field());
        }
    }

    private Set<String> hiddenFields(Caller caller, ClassSchema schema) {
        Set<String> hidden = new java.util.HashSet<>(AccessPolicy.protectedFields(schema, caller));
        if (schema.className().equals(SystemClasses.USER)) {
            hidden.add("authData");
        }
        return hidden;
    }

    private void checkPredicate(Caller caller, ClassSchema schema, Set<String> hidden, Predicate predicate) {
        switch (predicate) {
            case Predicate.All a -> {
            }
            case Predicate.And and -> and.parts().forEach(p -> checkPredicate(caller, schema, hidden, p));
            case Predicate.Or or -> or.parts().forEach(p -> checkPredicate(caller, schema, hidden, p));
            case Predicate.Nor nor -> nor.parts().forEach(p -> checkPredicate(caller, schema, hidden, p));
            case Predicate.RelatedTo r -> {
            }
            case Predicate.Field f -> {
                requireVisible(schema, hidden, f.path());
                switch (f.constraint()) {
                    case Constraint.InQuery q -> checkSubquery(caller, q.className(), q.where(), null);
                    case Constraint.Select s -> checkSubquery(caller, s.className(), s.where(), s.key());
                    default -> {
                    }
                }
            }
        }
    }

    private void checkSubquery(Caller caller, String className, Predicate where, String key) {
        ClassSchema sub = schemas.find(className).orElseGet(() -> ClassSchema.empty(className));
        Set<String> hidden = hiddenFields(caller, sub);
        checkPredicate(caller, sub, hidden, where);
        if (key != null) {
            requireVisible(sub, hidden, key);
        }
    }

    private static void requireVisible(ClassSchema schema, Set<String> hidden, String path) {
        int dot = path.indexOf('.');
        String root = dot < 0 ? path : path.substring(0, dot);
        if (hidden.contains(root)) {
            throw ParseException.forbidden("This user is not allowed to query " + root + " on class "
                    + schema.className() + ".");
        }
    }
}
