package io.heliobase.core.pii;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in recognizers. Each starts from a permissive shape and keeps only candidates that pass the entity's own
 * rules, so order numbers, dates and version strings that merely look like the entity are not reported.
 */
public final class Recognizers {
    private Recognizers() {
    }

    /** Every built-in recognizer; {@code phoneRegion} is where numbers without a country code are read (e.g. "US"). */
    public static List<Recognizer> all(String phoneRegion) {
        return List.of(email(), url(), creditCard(), iban(), usSsn(), ipAddress(), phone(phoneRegion));
    }

    /** A shape, then a check of what matched. */
    private record PatternRecognizer(Entity entity, Pattern pattern, Predicate<String> valid) implements Recognizer {
        @Override
        public List<Finding> find(String text) {
            List<Finding> found = new ArrayList<>();
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                if (valid.test(m.group())) {
                    found.add(new Finding(entity, m.start(), m.end()));
                }
            }
            return found;
        }
    }

    // --- email: local@domain.tld, with a real-looking domain -------------------------------------------------
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\w.+-])[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,24}(?![\\w-])");

    public static Recognizer email() {
        return new PatternRecognizer(Entity.EMAIL, EMAIL, candidate -> candidate.length() <= 254
                && candidate.indexOf('@') <= 64);
    }

    // --- URL ----------------------------------------------------------------------------------------------------
    private static final Pattern URL = Pattern.compile(
            "\\b(?:https?://|www\\.)[A-Za-z0-9.-]+\\.[A-Za-z]{2,24}(?::\\d{1,5})?(?:[/?#][^\\s<>\"']*)?",
            Pattern.CASE_INSENSITIVE);

    public static Recognizer url() {
        return new Recognizer() {
            @Override
            public Entity entity() {
                return Entity.URL;
            }

            @Override
            public List<Finding> find(String text) {
                List<Finding> found = new ArrayList<>();
                Matcher m = URL.matcher(text);
                while (m.find()) {
                    int end = m.end();
                    // a sentence's closing punctuation is not part of the link
                    while (end > m.start() && ".,;:!?)]}".indexOf(text.charAt(end - 1)) >= 0) {
                        end--;
                    }
                    found.add(new Finding(Entity.URL, m.start(), end));
                }
                return found;
            }
        };
    }

    // --- credit cards: 13-19 digits (spaces or dashes between groups), Luhn, a known issuer prefix and length ----
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])(?:\\d[ -]?){12,18}\\d(?![\\d-])");

    public static Recognizer creditCard() {
        return new PatternRecognizer(Entity.CREDIT_CARD, CARD, candidate -> {
            String digits = candidate.replaceAll("[ -]", "");
            return consistentSeparators(candidate) && knownIssuer(digits) && luhn(digits);
        });
    }

    /** Groups separated the same way throughout ("4111 1111 1111 1111", not "4111-1111 11-11"). */
    private static boolean consistentSeparators(String candidate) {
        boolean spaces = candidate.indexOf(' ') >= 0;
        boolean dashes = candidate.indexOf('-') >= 0;
        return !(spaces && dashes);
    }

    static boolean knownIssuer(String digits) {
        int length = digits.length();
        int two = Integer.parseInt(digits.substring(0, 2));
        int three = Integer.parseInt(digits.substring(0, 3));
        int four = Integer.parseInt(digits.substring(0, 4));
        int six = Integer.parseInt(digits.substring(0, 6));
        if (digits.charAt(0) == '4') {
            return length == 13 || length == 16 || length == 19; // Visa
        }
        if ((two >= 51 && two <= 55) || (six >= 222100 && six <= 272099)) {
            return length == 16; // Mastercard
        }
        if (two == 34 || two == 37) {
            return length == 15; // American Express
        }
        if (four == 6011 || two == 65 || (three >= 644 && three <= 649) || (six >= 622126 && six <= 622925)) {
            return length >= 16 && length <= 19; // Discover
        }
        if (four >= 3528 && four <= 3589) {
            return length >= 16 && length <= 19; // JCB
        }
        if ((three >= 300 && three <= 305) || two == 36 || two == 38 || two == 39) {
            return length >= 14 && length <= 19; // Diners Club
        }
        if (two == 62) {
            return length >= 16 && length <= 19; // UnionPay
        }
        return false;
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    // --- IBAN: country code, check digits, the country's length, mod 97 == 1 ---------------------------------------
    private static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b");
    private static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28),
            Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BR", 29),
            Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28), Map.entry("CZ", 24), Map.entry("DE", 22),
            Map.entry("DK", 18), Map.entry("DO", 28), Map.entry("EE", 20), Map.entry("EG", 29), Map.entry("ES", 24),
            Map.entry("FI", 18), Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GE", 22),
            Map.entry("GI", 23), Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28), Map.entry("HR", 21),
            Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IS", 26), Map.entry("IT", 27),
            Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20), Map.entry("LB", 28), Map.entry("LI", 21),
            Map.entry("LT", 20), Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("MC", 27), Map.entry("MD", 24),
            Map.entry("ME", 22), Map.entry("MK", 19), Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30),
            Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("PK", 24), Map.entry("PL", 28), Map.entry("PS", 29),
            Map.entry("PT", 25), Map.entry("QA", 29), Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("SA", 24),
            Map.entry("SE", 24), Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("TN", 24),
            Map.entry("TR", 26), Map.entry("UA", 29), Map.entry("VG", 24), Map.entry("XK", 20));

    public static Recognizer iban() {
        return new PatternRecognizer(Entity.IBAN, IBAN, candidate -> validIban(candidate.replace(" ", "")));
    }

    static boolean validIban(String iban) {
        Integer length = IBAN_LENGTHS.get(iban.substring(0, 2));
        if (length == null || iban.length() != length) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder numeric = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }

    // --- US SSN: AAA-GG-SSSS (or spaces), no 000/666/9xx area, no 00 group, no 0000 serial, no famous samples ------
    private static final Pattern SSN = Pattern.compile("(?<![\\d-])\\d{3}([- ])\\d{2}\\1\\d{4}(?![\\d-])");

    public static Recognizer usSsn() {
        return new PatternRecognizer(Entity.US_SSN, SSN, candidate -> {
            String digits = candidate.replaceAll("[ -]", "");
            int area = Integer.parseInt(digits.substring(0, 3));
            int group = Integer.parseInt(digits.substring(3, 5));
            int serial = Integer.parseInt(digits.substring(5));
            boolean sample = digits.equals("078051120") || digits.equals("219099999") || digits.equals("123456789");
            boolean repeated = digits.chars().distinct().count() == 1;
            return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0 && !sample && !repeated;
        });
    }

    // --- IP addresses: IPv4 with octets 0-255 (not version strings like 1.2.3), and full or compressed IPv6 ----------
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\d.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?![\\d.])");
    private static final Pattern IPV6 = Pattern.compile(
            "(?<![\\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\\w:])"
                    + "|(?<![\\w:])(?:[0-9A-Fa-f]{1,4}:){1,6}(?::[0-9A-Fa-f]{1,4}){1,6}(?![\\w:])"
                    + "|(?<![\\w:])(?:[0-9A-Fa-f]{1,4}:){1,7}:(?![\\w:])|(?<![\\w:])::(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4}(?![\\w:])");

    public static Recognizer ipAddress() {
        return new Recognizer() {
            @Override
            public Entity entity() {
                return Entity.IP_ADDRESS;
            }

            @Override
            public List<Finding> find(String text) {
                List<Finding> found = new ArrayList<>();
                for (Pattern pattern : List.of(IPV4, IPV6)) {
                    Matcher m = pattern.matcher(text);
                    while (m.find()) {
                        if (pattern == IPV4 || validIpv6(m.group())) {
                            found.add(new Finding(Entity.IP_ADDRESS, m.start(), m.end()));
                        }
                    }
                }
                return found;
            }
        };
    }

    /** At most one "::", at most 8 groups, and something other than a clock time ("12:30:45" has no hex letters). */
    static boolean validIpv6(String candidate) {
        int compressions = candidate.split("::", -1).length - 1;
        if (compressions > 1) {
            return false;
        }
        String[] groups = candidate.replace("::", ":").split(":");
        long nonEmpty = java.util.Arrays.stream(groups).filter(g -> !g.isEmpty()).count();
        if (nonEmpty > 8 || (compressions == 0 && nonEmpty != 8)) {
            return false;
        }
        return candidate.contains("::") || candidate.chars().anyMatch(Character::isLetter) || nonEmpty == 8;
    }

    // --- phones: libphonenumber finds and validates numbers (with the region for numbers written without +) -------
    public static Recognizer phone(String region) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        return new Recognizer() {
            @Override
            public Entity entity() {
                return Entity.PHONE;
            }

            @Override
            public List<Finding> find(String text) {
                List<Finding> found = new ArrayList<>();
                for (PhoneNumberMatch match : util.findNumbers(text, region, PhoneNumberUtil.Leniency.VALID,
                        Long.MAX_VALUE)) {
                    found.add(new Finding(Entity.PHONE, match.start(), match.end()));
                }
                return found;
            }
        };
    }
}
