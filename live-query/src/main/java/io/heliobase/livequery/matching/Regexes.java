package io.heliobase.livequery.matching;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiled $regex patterns, cached because every event re-runs every subscription, and a step budget per match so
 * one subscriber's catastrophic pattern cannot stall event fan-out (Java's engine backtracks without limit).
 */
final class Regexes {
    /** Character reads allowed per match; a runaway backtracking match is abandoned as "no match". */
    static final long STEP_BUDGET = 1_000_000;
    private static final int CACHE_LIMIT = 4_096;
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private Regexes() {
    }

    /** The compiled pattern, or null when it does not compile (the parser already refused those). */
    static Pattern compile(String pattern, String options) {
        String key = options + '/' + pattern;
        Pattern cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        int flags = 0;
        for (char option : options.toCharArray()) {
            flags |= switch (option) {
                case 'i' -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                case 'm' -> Pattern.MULTILINE;
                case 's' -> Pattern.DOTALL;
                case 'x' -> Pattern.COMMENTS;
                default -> 0;
            };
        }
        try {
            Pattern compiled = Pattern.compile(pattern, flags);
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear();
            }
            CACHE.put(key, compiled);
            return compiled;
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    /** MongoDB semantics: the pattern may match anywhere in the text. False when the step budget runs out. */
    static boolean find(Pattern pattern, String text) {
        try {
            return pattern.matcher(new Budgeted(text, new long[] {STEP_BUDGET})).find();
        } catch (BudgetExceeded e) {
            return false;
        }
    }

    private static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super("regex step budget exceeded", null, false, false);
        }
    }

    /** Counts character reads; subsequences share the budget. */
    private record Budgeted(String text, long[] remaining) implements CharSequence {
        @Override
        public char charAt(int index) {
            if (--remaining[0] < 0) {
                throw new BudgetExceeded();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Budgeted(text.substring(start, end), remaining);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
