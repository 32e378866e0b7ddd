package dev.flock.contracts;

/** Invariants that every payload checks, so that a consumer can dead-letter an invalid one at once. */
public final class Require {

    private Require() {}

    public static String text(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    public static <T> T present(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }
}
