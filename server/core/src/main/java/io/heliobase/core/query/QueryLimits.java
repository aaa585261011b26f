package io.heliobase.core.query;

/** Bounds on how expensive one query may be; every excess is refused with an error naming the limit. */
public record QueryLimits(int maxOrWidth, int maxSubqueryDepth, int maxRegexLength, int maxInValues) {
    public static final QueryLimits DEFAULTS = new QueryLimits(100, 5, 1_000, 10_000);
}
