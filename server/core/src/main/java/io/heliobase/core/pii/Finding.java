package io.heliobase.core.pii;

/** One recognized span of text: {@code text.substring(start, end)} is an {@code entity}. */
public record Finding(Entity entity, int start, int end) implements Comparable<Finding> {

    public Finding {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("empty or negative span");
        }
    }

    public boolean overlaps(Finding other) {
        return start < other.end && other.start < end;
    }

    @Override
    public int compareTo(Finding other) {
        return start != other.start ? Integer.compare(start, other.start) : Integer.compare(other.end, end);
    }
}
