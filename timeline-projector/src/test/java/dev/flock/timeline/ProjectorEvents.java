package dev.flock.timeline;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.Topology;
import dev.flock.contracts.event.AccountFollowed;
import dev.flock.contracts.event.AccountUnfollowed;
import dev.flock.contracts.event.PostCreated;
import dev.flock.contracts.event.PostDeleted;
import dev.flock.platform.message.MessageCodec;
import dev.flock.platform.publish.ConfirmedPublisher;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events published to the real broker as the workers publish them, with post ids and versions from {@code clock}: a
 * test class keeps one clock for all its tests, so no two of them use the same post id.
 */
record ProjectorEvents(ConfirmedPublisher publisher, MessageCodec codec, AtomicLong clock) {

    /** @return the new post's id */
    String post(String author) {
        String postId = nextId();
        publish(new PostCreated(postId, author, "author", "text of " + postId, Instant.now()));
        return postId;
    }

    void delete(String author, String postId) {
        publish(new PostDeleted(postId, author, Instant.now()));
    }

    void follow(String follower, String followee) {
        publish(new AccountFollowed(follower, followee, next(), null));
    }

    void unfollow(String follower, String followee) {
        publish(new AccountUnfollowed(follower, followee, next(), null));
    }

    void publish(Object event) {
        Envelope<?> envelope = Envelope.of(UUID.randomUUID().toString(), Instant.now(), null, event);
        publisher.publishRouted(Topology.EVENTS_EXCHANGE, envelope.type(), codec.encode(envelope, "command-of-test"));
    }

    /** Post ids sort by time, like the edge's ULIDs. */
    String nextId() {
        return "post-" + clock.incrementAndGet();
    }

    Instant next() {
        return Instant.ofEpochMilli(clock.incrementAndGet());
    }

    static String account() {
        return "account-" + UUID.randomUUID();
    }
}
