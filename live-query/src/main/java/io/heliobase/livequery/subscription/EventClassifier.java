package io.heliobase.livequery.subscription;

import io.heliobase.livequery.protocol.EventType;
import java.util.Optional;

/**
 * Which event one write means for one subscription: the decision table of Parse's
 * {@code ParseLiveQueryServer._onAfterSave} and {@code _onAfterDelete}, without the I/O around it.
 *
 * <p>"Matched" means what Parse means: the object matches the subscription's where clause <em>and</em> the
 * subscriber may read it (ACL). The {@code watch} filter is applied afterwards ({@link EventPayload#shouldSend}).
 */
public final class EventClassifier {
    private EventClassifier() {
    }

    /**
     * @param hadOriginal     the object existed before the write (false for a create)
     * @param originalMatched the state before the write matched; for a delete, the deleted object matched
     * @param currentMatched  the state after the write matched; ignored for a delete
     * @param deleted         the write was a delete
     * @return the event to send, or empty when the subscriber sees nothing
     */
    public static Optional<EventType> classify(boolean hadOriginal, boolean originalMatched, boolean currentMatched,
            boolean deleted) {
        if (deleted) {
            return originalMatched ? Optional.of(EventType.DELETE) : Optional.empty();
        }
        // Parse never asks the original when there was none: a create's "original matched" is false.
        boolean before = hadOriginal && originalMatched;
        if (before && currentMatched) {
            return Optional.of(EventType.UPDATE);
        }
        if (before) {
            return Optional.of(EventType.LEAVE);
        }
        if (currentMatched) {
            return Optional.of(hadOriginal ? EventType.ENTER : EventType.CREATE);
        }
        return Optional.empty();
    }
}
