package io.heliobase.core.events;

/**
 * Receives committed writes. {@link #onChange} must not block: the write's response does not wait for it.
 * {@link #interestedIn} lets the write path skip reading the original object when nobody listens to a class.
 */
public interface ChangeListener {

    boolean interestedIn(String className);

    void onChange(ObjectChanged change);

    ChangeListener NONE = new ChangeListener() {
        @Override
        public boolean interestedIn(String className) {
            return false;
        }

        @Override
        public void onChange(ObjectChanged change) {
        }
    };
}
