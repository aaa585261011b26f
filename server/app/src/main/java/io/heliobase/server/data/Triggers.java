package io.heliobase.server.data;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Cloud-code triggers as the data paths see them: whether a class has one, and running it. The answer holds
 * {@code changes} (the fields a beforeSave changed) or {@code objects} (what an afterFind returns); a before-trigger
 * that throws aborts the operation.
 */
public interface Triggers {

    boolean has(String type, String className);

    ObjectNode run(String type, String className, ObjectNode request);

    Triggers NONE = new Triggers() {
        @Override
        public boolean has(String type, String className) {
            return false;
        }

        @Override
        public ObjectNode run(String type, String className, ObjectNode request) {
            throw new IllegalStateException("no triggers");
        }
    };
}
