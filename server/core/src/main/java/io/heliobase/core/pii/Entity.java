package io.heliobase.core.pii;

/** The kinds of personal data Heliobase recognizes (PERSON and LOCATION need Presidio). */
public enum Entity {
    EMAIL, PHONE, CREDIT_CARD, IBAN, IP_ADDRESS, US_SSN, URL, PERSON, LOCATION;

    /** What a redaction leaves in the text: {@code <EMAIL>}. */
    public String placeholder() {
        return "<" + name() + ">";
    }
}
