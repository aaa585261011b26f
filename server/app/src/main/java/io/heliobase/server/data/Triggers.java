package io.heliobase.server.data;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Cloud-code triggers as the write path sees them: whether a class has one, and running it. beforeSave returns the
 * fields it changed; a before-trigger that throws aborts the write.
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
