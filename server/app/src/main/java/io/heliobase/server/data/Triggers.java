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

    /** {@code first}'s trigger where it has one (webhooks registered at runtime), else {@code fallback}'s. */
    static Triggers preferring(Triggers first, Triggers fallback) {
        return new Triggers() {
            @Override
            public boolean has(String type, String className) {
                return first.has(type, className) || fallback.has(type, className);
            }

            @Override
            public ObjectNode run(String type, String className, ObjectNode request) {
                return (first.has(type, className) ? first : fallback).run(type, className, request);
            }
        };
    }

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
