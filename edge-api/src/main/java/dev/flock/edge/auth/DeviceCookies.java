package dev.flock.edge.auth;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * Device cookies (OWASP's mitigation of targeted lockouts): a client that logged in to a username gets a signed cookie
 * naming the username and a device id. Its later attempts on that username are counted per device, apart from
 * everyone else's, so guesses by others that lock the username do not lock out its owner's known clients.
 */
@Component
class DeviceCookies {

    static final String NAME = "flock_device";
    static final String PATH = "/api/v1/auth/token";
    static final Duration LIFETIME = Duration.ofDays(30);

    private static final String PURPOSE = "flock device cookies";
    private static final int MAC_BYTES = 16;

    private final SecurityProperties security;
    private final Clock clock;

    DeviceCookies(SecurityProperties security, Clock clock) {
        this.security = security;
        this.clock = clock;
    }

    /** A cookie for a client that just logged in to {@code username}; sent back only to the login route. */
    ResponseCookie issue(String username, boolean secure) {
        String body = key(username) + "|" + UUID.randomUUID() + "|"
                + clock.instant().plus(LIFETIME).getEpochSecond();
        String value = encode(body.getBytes(StandardCharsets.UTF_8)) + "." + encode(mac(security.key(PURPOSE), body));
        return ResponseCookie.from(NAME, value)
                .path(PATH)
                .httpOnly(true)
                .secure(secure)
                .sameSite("Strict")
                .maxAge(LIFETIME)
                .build();
    }

    /** @return the device id, if the request carries an unexpired cookie this edge issued for {@code username} */
    Optional<String> device(HttpServletRequest request, String username) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        return Arrays.stream(cookies)
                .filter(cookie -> NAME.equals(cookie.getName()))
                .map(cookie -> verify(cookie.getValue(), username))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private Optional<String> verify(String value, String username) {
        try {
            String[] parts = value.split("\\.");
            if (parts.length != 2) {
                return Optional.empty();
            }
            String body = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
            byte[] mac = Base64.getUrlDecoder().decode(parts[1]);
            boolean signed =
                    security.keys(PURPOSE).stream().anyMatch(key -> MessageDigest.isEqual(mac, mac(key, body)));
            String[] fields = body.split("\\|");
            if (!signed || fields.length != 3 || !fields[0].equals(key(username))) {
                return Optional.empty();
            }
            boolean expired = Instant.ofEpochSecond(Long.parseLong(fields[2])).isBefore(clock.instant());
            return expired ? Optional.empty() : Optional.of(fields[1]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] mac(SecretKeySpec key, String body) {
        return Arrays.copyOf(Hmac.sha256(key, body.getBytes(StandardCharsets.UTF_8)), MAC_BYTES);
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}
