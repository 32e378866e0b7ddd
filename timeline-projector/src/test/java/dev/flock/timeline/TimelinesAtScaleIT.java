package dev.flock.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flock.platform.message.MessageCodec;
import dev.flock.platform.publish.ConfirmedPublisher;
import dev.flock.testsupport.ProjectorGraph;
import dev.flock.testsupport.TestInfrastructure;
import dev.flock.timelines.TimelineEntry;
import dev.flock.timelines.TimelineRebuild;
import dev.flock.timelines.TimelineStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Hybrid fan-out and the rebuild, with the projector fed on the real broker and timelines in the real Redis: an
 * author with 20,000 followers is merged in when read, not fanned out; timelines flushed from Redis come back the same
 * from the durable state; a rebuild running while posts are fanned out loses none and doubles none.
 */
@SpringBootTest(
        properties = {"spring.config.name=" + TimelineProjectorApplication.NAME},
        webEnvironment = SpringBootTest.WebEnvironment.NONE)
// The rebuild of every timeline goes first: after the 20,000-follower test it would rebuild 20,000 timelines.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TimelinesAtScaleIT {

    static final TestInfrastructure infrastructure = TestInfrastructure.start();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        infrastructure.register(registry);
    }

    @Autowired
    ConfirmedPublisher publisher;

    @Autowired
    MessageCodec codec;

    private static final AtomicLong clock = new AtomicLong(1_900_000_000_000L);

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
    StringRedisTemplate redis;

    @Test
    @Order(3)
    void aPostByAnAuthorWith20000FollowersIsMergedWhenReadAndWrittenToNoFollowersTimeline() {
        String big = ProjectorEvents.account();
        String reader = ProjectorEvents.account();
        String other = ProjectorEvents.account();
        String leaver = ProjectorEvents.account();
        String older = events.post(big); // fanned out: the author is small still
        events.follow(reader, big);
        events.follow(other, big);
        events.follow(leaver, big);
        awaitPage(leaver, List.of(older));
        List<String> silent = addFollowersDirectly(big, 20_000 - 3);

        String first = events.post(big);
        String second = events.post(big);

        awaitPage(reader, List.of(second, first, older));
        assertThat(page(other, null, 20)).containsExactly(second, first, older);
        assertThat(store.timelines().read(store.keys().home(reader)))
                .as("no per-follower write")
                .extracting(TimelineEntry::postId)
                .containsExactly(older);
        assertThat(redis.hasKey(store.keys().home(silent.get(0)))).isFalse();
        // Cursors, deletes and unfollows as for everyone else.
        assertThat(page(reader, second, 1)).containsExactly(first);
        events.delete(big, first);
        awaitPage(reader, List.of(second, older));
        events.unfollow(leaver, big);
        awaitPage(leaver, List.of());
    }

    @Test
    @Order(1)
    void timelinesFlushedFromRedisComeBackTheSameFromTheDurableState() {
        String author = ProjectorEvents.account();
        String reader = ProjectorEvents.account();
        String own = events.post(reader);
        events.follow(reader, author);
        String kept = events.post(author);
        String deleted = events.post(author);
        events.delete(author, deleted);
        String marker = events.post(author);
        awaitPage(reader, List.of(marker, kept, own));
        Map<String, List<String>> before = pages(author, reader);

        flushThisTestsKeys();
        assertThat(page(reader, null, 20)).isEmpty();
        List<long[]> progress = new ArrayList<>();
        TimelineRebuild.Report report =
                store.rebuild().all(false, (done, total) -> progress.add(new long[] {done, total}));

        assertThat(pages(author, reader)).isEqualTo(before);
        assertThat(report.accounts()).isGreaterThanOrEqualTo(2);
        // One progress report per account, counting up to the total, which is the number of accounts rebuilt.
        assertThat(progress).hasSize((int) report.accounts());
        assertThat(progress.get(progress.size() - 1)).containsExactly(report.accounts(), report.accounts());
    }

    @Test
    @Order(2)
    void aPostFannedOutWhileTheTimelineIsRebuiltIsKeptOnce() throws Exception {
        String author = ProjectorEvents.account();
        String reader = ProjectorEvents.account();
        events.follow(reader, author);
        awaitFollowed(reader, author);
        AtomicBoolean posting = new AtomicBoolean(true);
        AtomicLong rebuilds = new AtomicLong();
        Thread rebuilder = new Thread(() -> {
            while (posting.get()) {
                store.rebuild().one(reader, false);
                rebuilds.incrementAndGet();
            }
        });
        rebuilder.start();
        List<String> posts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            posts.add(0, events.post(author));
        }
        awaitPage(reader, posts.subList(0, 20));
        posting.set(false);
        rebuilder.join();

        List<String> all = store.timelines().read(store.keys().home(reader)).stream()
                .map(TimelineEntry::postId)
                .toList();
        assertThat(rebuilds.get()).isGreaterThan(1);
        assertThat(all).containsExactlyElementsOf(posts);
    }

    private Map<String, List<String>> pages(String... accounts) {
        Map<String, List<String>> pages = new HashMap<>();
        for (String account : accounts) {
            pages.put(account, page(account, null, 100));
        }
        return pages;
    }

    /** Redis is shared: "flushed" is every key of this test context (its prefix), as FLUSHALL would do. */
    private void flushThisTestsKeys() {
        List<String> keys = new ArrayList<>();
        try (var cursor = redis.scan(ScanOptions.scanOptions()
                .match(store.keys().prefix() + "*")
                .count(1000)
                .build())) {
            cursor.forEachRemaining(keys::add);
        }
        redis.delete(keys);
    }

    /** Followers written straight into the projector's copy of the graph, as follow events would leave them. */
    private List<String> addFollowersDirectly(String followee, int count) {
        List<String> followers =
                Stream.generate(ProjectorEvents::account).limit(count).toList();
        new ProjectorGraph(mongo).followedBy(followee, followers);
        return followers;
    }

    private List<String> page(String reader, String before, int count) {
        return store.pages().page(reader, before, count).stream()
                .map(TimelineEntry::postId)
                .toList();
    }

    private void awaitPage(String reader, List<String> expected) {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(page(reader, null, 20)).containsExactlyElementsOf(expected));
    }

    private void awaitFollowed(String follower, String followee) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> store.following().following(follower).equals(Set.of(followee)));
    }
}
