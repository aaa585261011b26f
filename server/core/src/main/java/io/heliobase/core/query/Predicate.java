package io.heliobase.core.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A parsed {@code where} clause: a tree of boolean connectives over per-field constraints. */
public sealed interface Predicate {

    /** {@code path} equal to {@code value}. */
    static Predicate equalTo(String path, JsonNode value) {
        return new Field(path, new Constraint.Compare(Constraint.Comparison.EQ, value));
    }

    /** {@code path} equal to the string {@code value} (an objectId, a name). */
    static Predicate equalTo(String path, String value) {
        return equalTo(path, com.fasterxml.jackson.databind.node.TextNode.valueOf(value));
    }

    /** Matches everything (an empty where). */
    record All() implements Predicate {
    }

    record And(List<Predicate> parts) implements Predicate {
        public And {
            parts = List.copyOf(parts);
        }
    }

    record Or(List<Predicate> parts) implements Predicate {
        public Or {
            parts = List.copyOf(parts);
        }
    }

    record Nor(List<Predicate> parts) implements Predicate {
        public Nor {
            parts = List.copyOf(parts);
        }
    }

    /** One constraint on a field; {@code path} may use dots to reach into Object fields. */
    record Field(String path, Constraint constraint) implements Predicate {
        public String root() {
            int dot = path.indexOf('.');
            return dot < 0 ? path : path.substring(0, dot);
        }
    }

    /** Objects that are members of {@code key}, a Relation field of {@code owner}. */
    record RelatedTo(JsonNode owner, String key) implements Predicate {
    }

    Predicate ALL = new All();
}
