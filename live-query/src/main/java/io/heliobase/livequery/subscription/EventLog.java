package io.heliobase.livequery.subscription;

import io.heliobase.core.events.ObjectChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recent events of each class, numbered by a per-class sequence, kept for a bounded time and count so that a
 * client that reconnects can be sent what it missed. Not thread-safe per class by itself: the hub appends and reads
 * on its single dispatch thread.
 */
public final class EventLog {

    /** One retained event. */
    public record Entry(long sequence, ObjectChanged change, Instant at) {
    }

    private final Duration retention;
    private final int maxEvents;
    private final Map<String, Deque<Entry>> byClass = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSequence = new ConcurrentHashMap<>();

    public EventLog(Duration retention, int maxEvents) {
        this.retention = retention;
        this.maxEvents = maxEvents;
    }

    /** Records an event; {@code sequence} null means "the next one of this class on this node". */
    public Entry append(ObjectChanged change, Long sequence) {
        long seq = sequence != null ? sequence : lastSequence.getOrDefault(change.className(), 0L) + 1;
        lastSequence.merge(change.className(), seq, Math::max);
        Entry entry = new Entry(seq, change, Instant.now());
        Deque<Entry> log = byClass.computeIfAbsent(change.className(), k -> new ArrayDeque<>());
        log.addLast(entry);
        trim(log);
        return entry;
    }

    /**
     * The events of a class after {@code since}, in order; empty when some of them are no longer retained, or when
     * {@code since} is beyond anything this log numbered (it restarted, or never watched the class): the client must
     * resync. A {@code since} equal to the newest event is an empty list: nothing was missed.
     */
    public Optional<List<Entry>> after(String className, long since) {
        Deque<Entry> log = byClass.get(className);
        long last = lastSequence.getOrDefault(className, 0L);
        if (since == last) {
            return Optional.of(List.of());
        }
        if (since > last) {
            return Optional.empty();
        }
        if (log == null || log.isEmpty()) {
            return Optional.empty();
        }
        trim(log);
        if (log.isEmpty() || log.peekFirst().sequence() > since + 1) {
            return Optional.empty();
        }
        List<Entry> missed = new ArrayList<>();
        for (Entry entry : log) {
            if (entry.sequence() > since) {
                missed.add(entry);
            }
        }
        missed.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        return Optional.of(missed);
    }

    private void trim(Deque<Entry> log) {
        Instant oldest = Instant.now().minus(retention);
        while (!log.isEmpty() && (log.size() > maxEvents || log.peekFirst().at().isBefore(oldest))) {
            log.pollFirst();
        }
    }
}
