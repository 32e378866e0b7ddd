package dev.flock.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.StateVersion;
import dev.flock.contracts.Topology;
import dev.flock.contracts.event.AccountFollowed;
import dev.flock.contracts.event.AccountUnfollowed;
import dev.flock.contracts.event.PostCreated;
import dev.flock.contracts.event.PostDeleted;
import dev.flock.platform.message.MessageCodec;
import dev.flock.platform.publish.ConfirmedPublisher;
import dev.flock.testsupport.FaultyLink;
import dev.flock.testsupport.TestInfrastructure;
import dev.flock.timelines.TimelineEntry;
import dev.flock.timelines.TimelineStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The projector fed with events on the real broker, one at a time in order (one consumer), and its home timelines
 * read back from Redis. Where a test asserts that something did not happen, it first waits for a later marker
 * event to have been applied, and checks that the event that should decide was applied, not merely passed over.
 */
@SpringBootTest(
        properties = {"spring.config.name=" + TimelineProjectorApplication.NAME, "flock.timeline.capacity=5"},
        webEnvironment = SpringBootTest.WebEnvironment.NONE)
class TimelineProjectorIT {

    static final TestInfrastructure infrastructure = TestInfrastructure.start();
    static final FaultyLink redisLink = FaultyLink.to("127.0.0.1", 6379);

    private static final AtomicLong clock = new AtomicLong(1_800_000_000_000L);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        infrastructure.register(registry);
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", redisLink::port);
        registry.add("spring.data.redis.timeout", () -> "300ms");
    }

    @AfterEach
    void restoreRedis() {
        redisLink.restore();
    }

    @Autowired
    ConfirmedPublisher publisher;

    @Autowired
    MessageCodec codec;

    @Autowired
    MongoOperations mongo;

    @Autowired
    TimelineStore store;

    @Autowired
    AmqpAdmin broker;

    @Autowired
    MeterRegistry meters;

    @Test
    void whileRedisIsUnreachableAnEventIsHeldNotDeadLetteredAndAppliedOnceRedisIsBack() {
        String author = account();
        double heldBefore = held();
        redisLink.cut();

        String postId = post(author);
        // More tries than the retry schedule allows attempts: without holding, the event would be dead-lettered.
        await().atMost(Duration.ofSeconds(20)).until(() -> held() - heldBefore >= 4);
        redisLink.restore();

        awaitTimeline(author, List.of(postId));
        assertThat(broker.getQueueInfo(Topology.deadLetterQueue(Topology.TIMELINE_PROJECTOR_EVENTS))
                        .getMessageCount())
                .isZero();
    }

    private double held() {
        var counter = meters.find("flock.redis.held").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aPostGoesIntoItsAuthorsAndEveryFollowersTimeline() {
        String author = account();
        String follower1 = account();
        String follower2 = account();
        String stranger = account();
        follow(follower1, author);
        follow(follower2, author);

        String post = post(author);

        awaitTimeline(follower2, List.of(post));
        assertThat(timeline(follower1)).containsExactly(post);
        assertThat(timeline(author)).containsExactly(post);
        assertThat(timeline(stranger)).isEmpty();
    }

    @Test
    void followingMergesRecentPostsAndUnfollowingTakesThemOut() {
        String author = account();
        String reader = account();
        String own = post(reader);
        String first = post(author);
        String second = post(author);

        follow(reader, author);
        awaitTimeline(reader, List.of(second, first, own));

        unfollow(reader, author);
        awaitTimeline(reader, List.of(own));
    }

    @Test
    void aDeletedPostLeavesEveryTimeline() {
        String author = account();
        String follower = account();
        follow(follower, author);
        String kept = post(author);
        String deleted = post(author);
        awaitTimeline(follower, List.of(deleted, kept));

        delete(author, deleted);

        awaitTimeline(follower, List.of(kept));
        assertThat(timeline(author)).containsExactly(kept);
    }

    @Test
    void aDeleteSeenBeforeItsCreateLeavesNoPostBehind() {
        String author = account();
        String follower = account();
        follow(follower, author);
        String postId = nextId();

        delete(author, postId);
        publish(new PostCreated(postId, author, "author", "too late", Instant.now()));
        String marker = post(author);

        awaitTimeline(follower, List.of(marker));
    }

    @Test
    void anEventAppliedTwiceHasTheEffectOfOnce() {
        String author = account();
        String follower = account();
        AccountFollowed followed = new AccountFollowed(follower, author, next(), null);
        publish(followed);
        publish(followed);
        PostCreated created = new PostCreated(nextId(), author, "author", "once", Instant.now());

        publish(created);
        publish(created);
        String marker = post(author);

        awaitTimeline(follower, List.of(marker, created.postId()));
    }

    @Test
    void aTimelineKeepsOnlyItsNewestEntriesWhateverOrderTheyArriveIn() {
        String author = account();
        List<String> ids = List.of(nextId(), nextId(), nextId(), nextId(), nextId(), nextId(), nextId());
        for (int i : new int[] {3, 0, 6, 1, 5, 2, 4}) {
            publish(new PostCreated(ids.get(i), author, "author", "post " + i, Instant.now()));
        }

        awaitTimeline(author, List.of(ids.get(6), ids.get(5), ids.get(4), ids.get(3), ids.get(2)));
    }

    @Test
    void anOlderFollowArrivingAfterANewerUnfollowDoesNotWin() {
        String author = account();
        String reader = account();
        Instant older = next();
        Instant newer = next();
        post(author); // what the follow, had it won, would merge in

        AccountUnfollowed unfollowed = new AccountUnfollowed(reader, author, newer, null);
        publish(unfollowed);
        publish(new AccountFollowed(reader, author, older, null));
        String own = post(reader);

        awaitTimeline(reader, List.of(own));
        assertThat(followEdge(reader, author))
                .containsEntry("active", false)
                .containsEntry("version", unfollowed.version());
    }

    @Test
    void aFollowArrivingAfterAnUnfollowOfTheSameMillisecondWithAGreaterCommandIdDoesNotWin() {
        String author = account();
        String reader = account();
        Instant sameMillisecond = next();
        post(author); // what the follow, had it won, would merge in

        String unfollowVersion = StateVersion.of(sameMillisecond, "command-b");
        publish(new AccountUnfollowed(reader, author, sameMillisecond, unfollowVersion));
        publish(new AccountFollowed(reader, author, sameMillisecond, StateVersion.of(sameMillisecond, "command-a")));
        String own = post(reader);

        awaitTimeline(reader, List.of(own));
        assertThat(followEdge(reader, author)).containsEntry("active", false).containsEntry("version", unfollowVersion);
    }

    private String post(String author) {
        String postId = nextId();
        publish(new PostCreated(postId, author, "author", "text of " + postId, Instant.now()));
        return postId;
    }

    private void delete(String author, String postId) {
        publish(new PostDeleted(postId, author, Instant.now()));
    }

    private void follow(String follower, String followee) {
        publish(new AccountFollowed(follower, followee, next(), null));
    }

    private void unfollow(String follower, String followee) {
        publish(new AccountUnfollowed(follower, followee, next(), null));
    }

    private void publish(Object event) {
        Envelope<?> envelope = Envelope.of(UUID.randomUUID().toString(), Instant.now(), null, event);
        publisher.publishRouted(Topology.EVENTS_EXCHANGE, envelope.type(), codec.encode(envelope, "command-of-test"));
    }

    private void awaitTimeline(String owner, List<String> expected) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(timeline(owner)).containsExactlyElementsOf(expected));
    }

    private List<String> timeline(String owner) {
        return store.timelines().read(store.keys().home(owner)).stream()
                .map(TimelineEntry::postId)
                .toList();
    }

    /** The projector's record of the pair. */
    private Document followEdge(String follower, String followee) {
        return mongo.findById(follower + ":" + followee, Document.class, "follows");
    }

    private static String account() {
        return "account-" + UUID.randomUUID();
    }

    /** Post ids sort by time, like the edge's ULIDs. */
    private static String nextId() {
        return "post-" + clock.incrementAndGet();
    }

    private static Instant next() {
        return Instant.ofEpochMilli(clock.incrementAndGet());
    }
}
