package dev.flock.contracts;

import dev.flock.contracts.command.CreatePost;
import dev.flock.contracts.command.DeletePost;
import dev.flock.contracts.command.FollowAccount;
import dev.flock.contracts.command.RegisterAccount;
import dev.flock.contracts.command.UnfollowAccount;
import dev.flock.contracts.command.UpdateProfile;
import dev.flock.contracts.event.AccountFollowed;
import dev.flock.contracts.event.AccountRegistered;
import dev.flock.contracts.event.AccountUnfollowed;
import dev.flock.contracts.event.PostCreated;
import dev.flock.contracts.event.PostDeleted;
import dev.flock.contracts.event.ProfileUpdated;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every message type on the wire: its id (also its routing key), payload record and schema version. */
public enum MessageType {
    ACCOUNT_REGISTER("account.register", RegisterAccount.class),
    ACCOUNT_UPDATE_PROFILE("account.update-profile", UpdateProfile.class),
    ACCOUNT_FOLLOW("account.follow", FollowAccount.class),
    ACCOUNT_UNFOLLOW("account.unfollow", UnfollowAccount.class),
    POST_CREATE("post.create", CreatePost.class),
    POST_DELETE("post.delete", DeletePost.class),

    ACCOUNT_REGISTERED("account.registered", AccountRegistered.class),
    ACCOUNT_PROFILE_UPDATED("account.profile-updated", ProfileUpdated.class),
    ACCOUNT_FOLLOWED("account.followed", AccountFollowed.class),
    ACCOUNT_UNFOLLOWED("account.unfollowed", AccountUnfollowed.class),
    POST_CREATED("post.created", PostCreated.class),
    POST_DELETED("post.deleted", PostDeleted.class);

    private static final Map<String, MessageType> BY_ID =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(MessageType::id, Function.identity()));

    private final String id;
    private final Class<?> payloadType;

    MessageType(String id, Class<?> payloadType) {
        this.id = id;
        this.payloadType = payloadType;
    }

    public String id() {
        return id;
    }

    public Class<?> payloadType() {
        return payloadType;
    }

    /** The only payload version this code reads and writes; a message with another one is dead-lettered. */
    public int version() {
        return 1;
    }

    public static Optional<MessageType> byId(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    public static MessageType of(Class<?> payloadType) {
        return Arrays.stream(values())
                .filter(type -> type.payloadType.equals(payloadType))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a message payload: " + payloadType.getName()));
    }
}
