package dev.flock.edge.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Cursors are opaque to clients: the sort key of the last item, base64url-encoded. */
public final class Cursors {

    private static final int MAX_KEY_LENGTH = 200;

    private Cursors() {}

    public static String encode(String sortKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String cursor) {
        try {
            String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
                throw new IllegalArgumentException("bad length");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("before", "is not a cursor from this API");
        }
    }
}
