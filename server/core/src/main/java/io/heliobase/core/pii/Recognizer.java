package io.heliobase.core.pii;

import java.util.List;

/** Finds one kind of entity in text. */
public interface Recognizer {

    Entity entity();

    List<Finding> find(String text);
}
