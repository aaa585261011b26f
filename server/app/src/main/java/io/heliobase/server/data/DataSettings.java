package io.heliobase.server.data;

import io.heliobase.core.query.QueryLimits;

/** The settings the data pipeline obeys. */
public record DataSettings(boolean allowClientClassCreation, int maxLimit, QueryLimits queryLimits,
                           int maxIncludeCount, int maxIncludeDepth) {
    public static DataSettings defaults() {
        return new DataSettings(false, 1_000, QueryLimits.DEFAULTS, 50, 5);
    }
}
