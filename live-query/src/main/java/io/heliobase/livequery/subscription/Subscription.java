package io.heliobase.livequery.subscription;

import io.heliobase.livequery.protocol.LiveQuery;
import java.util.Objects;

/** One subscriber's subscription: its handle, the client-chosen request id and the query. */
public record Subscription<S>(S subscriber, int requestId, LiveQuery query) {
    public Subscription {
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(query, "query");
    }
}
