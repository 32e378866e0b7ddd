package dev.flock.edge.command;

import com.github.f4b6a3.ulid.Ulid;
import com.github.f4b6a3.ulid.UlidCreator;
import dev.flock.contracts.MessageType;
import dev.flock.edge.auth.Hmac;
import dev.flock.edge.auth.SecurityProperties;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Issues self-verifying command ids: {@code base64url(format, type, ULID, MAC)}. The ULID gives the acceptance
 * time and the created resource's id; the MAC lets any edge replica tell an id it issued from one it did not,
 * which is how the status resource answers 404 without storing anything at acceptance.
 */
@Component
public class CommandIds {

    private static final byte FORMAT = 1;
    private static final int MAC_BYTES = 10;
    private static final int BODY_BYTES = 2 + 16;

    /** Append only: a type's position is its code inside ids already handed out. */
    private static final List<MessageType> TYPE_CODES = List.of(
            MessageType.ACCOUNT_REGISTER,
            MessageType.ACCOUNT_UPDATE_PROFILE,
            MessageType.ACCOUNT_FOLLOW,
            MessageType.ACCOUNT_UNFOLLOW,
            MessageType.POST_CREATE,
            MessageType.POST_DELETE);

    /** The current key first (it signs), then the previous one during a rotation of the secret (it still verifies). */
    private final List<SecretKeySpec> keys;

    public CommandIds(SecurityProperties security) {
        this.keys = security.keys("flock command ids");
    }

    public IssuedCommand issue(MessageType type) {
        int code = TYPE_CODES.indexOf(type);
        if (code < 0) {
            throw new IllegalArgumentException(type + " is not a command");
        }
        Ulid ulid = UlidCreator.getMonotonicUlid();
        ByteBuffer body =
                ByteBuffer.allocate(BODY_BYTES).put(FORMAT).put((byte) code).put(ulid.toBytes());
        byte[] id = ByteBuffer.allocate(BODY_BYTES + MAC_BYTES)
                .put(body.array())
                .put(mac(keys.get(0), body.array()))
                .array();
        return new IssuedCommand(encode(id), type, ulid.toString(), ulid.getInstant());
    }

    /** @return what the id says, if this system issued it */
    public Optional<IssuedCommand> verify(String commandId) {
        byte[] id;
        try {
            id = Base64.getUrlDecoder().decode(commandId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // Base64 has other spellings of the same bytes (padding, unused low bits in the last digit): only the one
        // this class issues names a command, or the status resource would answer for an id never issued.
        if (id.length != BODY_BYTES + MAC_BYTES
                || id[0] != FORMAT
                || !encode(id).equals(commandId)) {
            return Optional.empty();
        }
        byte[] body = Arrays.copyOf(id, BODY_BYTES);
        byte[] mac = Arrays.copyOfRange(id, BODY_BYTES, id.length);
        int code = id[1];
        if (keys.stream().noneMatch(key -> MessageDigest.isEqual(mac, mac(key, body)))
                || code < 0
                || code >= TYPE_CODES.size()) {
            return Optional.empty();
        }
        Ulid ulid = Ulid.from(Arrays.copyOfRange(body, 2, BODY_BYTES));
        return Optional.of(new IssuedCommand(commandId, TYPE_CODES.get(code), ulid.toString(), ulid.getInstant()));
    }

    private static byte[] mac(SecretKeySpec key, byte[] body) {
        return Arrays.copyOf(Hmac.sha256(key, body), MAC_BYTES);
    }

    private static String encode(byte[] id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }
}
