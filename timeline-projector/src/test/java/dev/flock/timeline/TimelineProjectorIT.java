package dev.flock.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flock.contracts.StateVersion;
import dev.flock.contracts.Topology;
import dev.flock.contracts.event.AccountFollowed;
import dev.flock.contracts.event.AccountUnfollowed;
import dev.flock.contracts.event.PostCreated;
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
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

    private static final AtomicLong clock = new AtomicLong(1_800_000_000_000L);

    private ProjectorEvents events;

    @BeforeEach
    void events() {
        events = new ProjectorEvents(publisher, codec, clock);
    }

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
        String author = ProjectorEvents.account();
        double heldBefore = held();
        redisLink.cut();

        String postId = events.post(author);
        // More tries than the retry schedule allows attempts: without holding, the event would be dead-lettered.
        await().atMost(Duration.ofSeconds(20)).until(() -> held() - heldBefore >= 4);
        redisLink.restore();

        // Lettuce reconnects with exponential back-off (up to 30 s between tries).
        await().atMost(Duration.ofSeconds(40))
                .untilAsserted(() -> assertThat(timeline(author)).containsExactly(postId));
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
        String author = ProjectorEvents.account();
        String follower1 = ProjectorEvents.account();
        String follower2 = ProjectorEvents.account();
        String stranger = ProjectorEvents.account();
        events.follow(follower1, author);
        events.follow(follower2, author);

        String post = events.post(author);

        awaitTimeline(follower2, List.of(post));
        assertThat(timeline(follower1)).containsExactly(post);
        assertThat(timeline(author)).containsExactly(post);
        assertThat(timeline(stranger)).isEmpty();
    }

    @Test
    void followingMergesRecentPostsAndUnfollowingTakesThemOut() {
        String author = ProjectorEvents.account();
        String reader = ProjectorEvents.account();
        String own = events.post(reader);
        String first = events.post(author);
        String second = events.post(author);

        events.follow(reader, author);
        awaitTimeline(reader, List.of(second, first, own));

        events.unfollow(reader, author);
        awaitTimeline(reader, List.of(own));
    }

    @Test
    void aDeletedPostLeavesEveryTimeline() {
        String author = ProjectorEvents.account();
        String follower = ProjectorEvents.account();
        events.follow(follower, author);
        String kept = events.post(author);
        String deleted = events.post(author);
        awaitTimeline(follower, List.of(deleted, kept));

        events.delete(author, deleted);

        awaitTimeline(follower, List.of(kept));
        assertThat(timeline(author)).containsExactly(kept);
    }

    @Test
    void aDeleteSeenBeforeItsCreateLeavesNoPostBehind() {
        String author = ProjectorEvents.account();
        String follower = ProjectorEvents.account();
        events.follow(follower, author);
        String postId = events.nextId();

        events.delete(author, postId);
        events.publish(new PostCreated(postId, author, "author", "too late", Instant.now()));
        String marker = events.post(author);

        awaitTimeline(follower, List.of(marker));
    }

    @Test
    void anEventAppliedTwiceHasTheEffectOfOnce() {
        String author = ProjectorEvents.account();
        String follower = ProjectorEvents.account();
        AccountFollowed followed = new AccountFollowed(follower, author, events.next(), null);
        events.publish(followed);
        events.publish(followed);
        PostCreated created = new PostCreated(events.nextId(), author, "author", "once", Instant.now());

        events.publish(created);
        events.publish(created);
        String marker = events.post(author);

        awaitTimeline(follower, List.of(marker, created.postId()));
    }

    @Test
    void aTimelineKeepsOnlyItsNewestEntriesWhateverOrderTheyArriveIn() {
        String author = ProjectorEvents.account();
        List<String> ids = List.of(
                events.nextId(),
                events.nextId(),
                events.nextId(),
                events.nextId(),
                events.nextId(),
                events.nextId(),
                events.nextId());
        for (int i : new int[] {3, 0, 6, 1, 5, 2, 4}) {
            events.publish(new PostCreated(ids.get(i), author, "author", "post " + i, Instant.now()));
        }

        awaitTimeline(author, List.of(ids.get(6), ids.get(5), ids.get(4), ids.get(3), ids.get(2)));
    }

    @Test
    void anOlderFollowArrivingAfterANewerUnfollowDoesNotWin() {
        String author = ProjectorEvents.account();
        String reader = ProjectorEvents.account();
        Instant older = events.next();
        Instant newer = events.next();
        events.post(author); // what the follow, had it won, would merge in

        AccountUnfollowed unfollowed = new AccountUnfollowed(reader, author, newer, null);
        events.publish(unfollowed);
        events.publish(new AccountFollowed(reader, author, older, null));
        String own = events.post(reader);

        awaitTimeline(reader, List.of(own));
        assertThat(followEdge(reader, author))
                .containsEntry("active", false)
                .containsEntry("version", unfollowed.version());
    }

    @Test
    void aFollowArrivingAfterAnUnfollowOfTheSameMillisecondWithAGreaterCommandIdDoesNotWin() {
        String author = ProjectorEvents.account();
        String reader = ProjectorEvents.account();
        Instant sameMillisecond = events.next();
        events.post(author); // what the follow, had it won, would merge in

        String unfollowVersion = StateVersion.of(sameMillisecond, "command-b");
        events.publish(new AccountUnfollowed(reader, author, sameMillisecond, unfollowVersion));
        events.publish(
                new AccountFollowed(reader, author, sameMillisecond, StateVersion.of(sameMillisecond, "command-a")));
        String own = events.post(reader);

        awaitTimeline(reader, List.of(own));
        assertThat(followEdge(reader, author)).containsEntry("active", false).containsEntry("version", unfollowVersion);
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
}
