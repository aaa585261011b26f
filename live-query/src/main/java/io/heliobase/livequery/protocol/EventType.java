package io.heliobase.livequery.protocol;

/** The five object events a subscription receives; {@link #wireName()} is the {@code op} Parse sends. */
public enum EventType {
    CREATE("create"),
    ENTER("enter"),
    UPDATE("update"),
    LEAVE("leave"),
    DELETE("delete");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Parse sends {@code original} only with these: it is the object's state before the write. */
    public boolean carriesOriginal() {
        return switch (this) {
            case ENTER, UPDATE, LEAVE -> true;
            case CREATE, DELETE -> false;
        };
    }
}
