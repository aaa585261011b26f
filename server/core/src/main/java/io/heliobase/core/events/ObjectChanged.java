package io.heliobase.core.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One committed write, as live queries need it: the object before (null for a create) and after (null for a
 * delete), both in REST JSON with every stored field — readers must redact them per subscriber.
 */
public record ObjectChanged(String className, ObjectNode original, ObjectNode current) {

    public boolean isCreate() {
        return original == null;
    }

    public boolean isDelete() {
        return current == null;
    }
}
