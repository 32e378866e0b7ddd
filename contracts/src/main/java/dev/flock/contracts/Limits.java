package dev.flock.contracts;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * The SPEC's input rules, in one place: the edge answers 400 when a request breaks one, and a payload that breaks
 * one is refused (and so dead-lettered) by the consumer.
 */
public final class Limits {

    public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_]{3,30}");
    public static final int PASSWORD_MIN = 8;
    public static final int PASSWORD_MAX = 128;
    public static final int DISPLAY_NAME_MAX = 50;
    public static final int BIO_MAX = 160;
    public static final int POST_TEXT_MAX = 280;

    private Limits() {}

    /** Length as a person counts it: Unicode code points after NFC normalisation. */
    public static int length(String text) {
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFC);
        return normalized.codePointCount(0, normalized.length());
    }

    public static void requireAtMost(String text, int max, String name) {
        if (text != null && length(text) > max) {
            throw new IllegalArgumentException(name + " is longer than " + max + " characters");
        }
    }
}
