package dev.flock.edge.web;

import dev.flock.contracts.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects every rule a request breaks, so the client hears of all of them at once (400, {@code errors}). */
public final class Checks {

    /** Account and post ids: ULIDs, 26 characters of Crockford's base32, as the edge issues them. */
    private static final Pattern ID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");

    private final List<FieldError> errors = new ArrayList<>();

    public Checks required(String field, Object value) {
        if (value == null) {
            errors.add(new FieldError(field, "is required"));
        }
        return this;
    }

    /** Length in characters as people count them (code points after NFC); null passes (see {@link #required}). */
    public Checks length(String field, String value, int min, int max) {
        if (value != null) {
            int length = Limits.length(value);
            if (length < min || length > max) {
                errors.add(new FieldError(
                        field,
                        min == max ? "must be " + min + " characters" : "must be " + min + "-" + max + " characters"));
            }
        }
        return this;
    }

    public Checks notBlank(String field, String value) {
        if (value != null && value.isBlank()) {
            errors.add(new FieldError(field, "must not be blank"));
        }
        return this;
    }

    /** An account or post id as this system issues them; checked before a command carries it to the broker. */
    public Checks id(String field, String value) {
        if (value != null && !ID.matcher(value).matches()) {
            errors.add(new FieldError(field, "is not an id issued by this API"));
        }
        return this;
    }

    public Checks that(boolean holds, String field, String message) {
        if (!holds) {
            errors.add(new FieldError(field, message));
        }
        return this;
    }

    public void orThrow() {
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }
}
