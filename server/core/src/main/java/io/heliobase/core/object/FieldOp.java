package io.heliobase.core.object;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** What a write does to one field: Parse's plain values and {@code __op} operations. */
public sealed interface FieldOp {

    record Set(JsonNode value) implements FieldOp {
    }

    record Delete() implements FieldOp {
    }

    record Increment(JsonNode amount) implements FieldOp {
    }

    record Add(List<JsonNode> objects) implements FieldOp {
        public Add {
            objects = List.copyOf(objects);
        }
    }

    record AddUnique(List<JsonNode> objects) implements FieldOp {
        public AddUnique {
            objects = List.copyOf(objects);
        }
    }

    record Remove(List<JsonNode> objects) implements FieldOp {
        public Remove {
            objects = List.copyOf(objects);
        }
    }

    /** Relation edits; a Parse {@code Batch} op of AddRelation and RemoveRelation is folded into one of these. */
    record Relation(String targetClass, List<String> addIds, List<String> removeIds) implements FieldOp {
        public Relation {
            addIds = List.copyOf(addIds);
            removeIds = List.copyOf(removeIds);
        }
    }

    /** Whether the REST response echoes the field's new value (Parse does for Increment, Add, AddUnique, Remove). */
    default boolean echoesResult() {
        return this instanceof Increment || this instanceof Add || this instanceof AddUnique
                || this instanceof Remove;
    }
}
