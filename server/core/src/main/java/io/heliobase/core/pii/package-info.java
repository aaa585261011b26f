/**
 * PII detection: recognizers for structured entities, validated beyond their shape (Luhn for cards, the IBAN
 * checksum, libphonenumber for phones, SSN area rules), and what a policy does with what they find.
 */
package io.heliobase.core.pii;
