package io.heliobase.server.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.object.FieldOp;
import java.util.Map;

/**
 * What a system class (_User, _Session, _Role, ...) adds to the generic write path: extra validation, internal
 * fields, default ACLs and response fields. Registered per class name, so the pipeline itself never branches on
 * class names.
 */
public interface ClassRules {

    /**
     * A write in progress. {@code ops} may be changed by the rules (e.g. a password replaced by its hash in
     * {@code internal}); {@code internal} holds stored-only fields that skip client key validation and the schema.
     */
    final class Write {
        private final Caller caller;
        private final String className;
        private final String objectId;
        private final Map<String, FieldOp> ops;
        private final ObjectNode internal;
        private ObjectNode acl;
        private final ObjectNode original;
        private String installationId;

        public Write(Caller caller, String className, String objectId, Map<String, FieldOp> ops, ObjectNode acl,
                     ObjectNode internal, ObjectNode original) {
            this.caller = caller;
            this.className = className;
            this.objectId = objectId;
            this.ops = ops;
            this.acl = acl;
            this.internal = internal;
            this.original = original;
        }

        public Caller caller() {
            return caller;
        }

        public String className() {
            return className;
        }

        public String objectId() {
            return objectId;
        }

        /** The client's field operations, mutable. */
        public Map<String, FieldOp> ops() {
            return ops;
        }

        /** Stored-only fields such as _hashed_password. */
        public ObjectNode internal() {
            return internal;
        }

        public ObjectNode acl() {
            return acl;
        }

        public void acl(ObjectNode newAcl) {
            this.acl = newAcl;
        }

        /** The X-Parse-Installation-Id of the request, or null. */
        public String installationId() {
            return installationId;
        }

        Write withInstallationId(String id) {
            this.installationId = id;
            return this;
        }

        /** The object before an update (read with the master key); null for creates. */
        public ObjectNode original() {
            return original;
        }
    }

    /** Validates and completes a create before anything is stored. */
    default void beforeCreate(Write write) {
    }

    /** Adds fields to the 201 response after the object was stored (e.g. a new session token). */
    default void afterCreate(Write write, ObjectNode response) {
    }

    /** Validates and completes an update; {@code write.original()} holds the stored object. */
    default void beforeUpdate(Write write) {
    }

    default void afterUpdate(Write write, ObjectNode response) {
    }

    /** Checks a delete before it runs; {@code original} is the stored object. */
    default void beforeDelete(Caller caller, ObjectNode original) {
    }

    default void afterDelete(Caller caller, ObjectNode original) {
    }

    /**
     * An extra condition on every read, update and delete by a non-master caller (e.g. only one's own sessions);
     * null for none. May throw to refuse the caller outright.
     */
    default io.heliobase.core.query.Predicate restrictAccess(Caller caller) {
        return null;
    }

    /** Whether clients may list the class (find and count); a get by id stays subject to ACLs. */
    default boolean clientsMayList() {
        return true;
    }

    /** Whether updates and deletes need the stored object first (read with the master key). */
    default boolean needsOriginal() {
        return false;
    }

    ClassRules NONE = new ClassRules() {
    };
}
