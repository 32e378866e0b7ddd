package dev.flock.timeline.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.contracts.ReadModels;
import dev.flock.timeline.Race;
import dev.flock.timeline.TestStore;
import dev.flock.timelines.DurableTimelines;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Two replicas applying follow events of the same pair at the same moment, against the real store. The embedded test
 * server runs each upsert under one lock, so where it stands in for MongoDB only the tests that let one write land
 * inside another ({@link WriteWindow}) reach every interleaving MongoDB allows.
 */
class FollowGraphIT {

    private static final String OLDEST = "1799999999999-command-0";
    private static final String OLDER = "1800000000000-command-1";
    private static final String NEWER = "1800000000001-command-2";

    private static TestStore store;
    private static WriteWindow window;
    private static FollowGraph graph;

    @BeforeAll
    static void start() {
        store = TestStore.start();
        window = new WriteWindow(store.client(), TestStore.DATABASE);
        graph = new FollowGraph(window);
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void ofAnOlderAndANewerEventRacingOnANewPairTheNewerAlwaysWins() {
        List<String> pairsInTheOlderState = Race.manyTimes(i -> {
            String follower = "f-" + UUID.randomUUID();
            String followee = "g-" + UUID.randomUUID();
            boolean newerFollows = i % 2 == 0;
            Race.between(
                    () -> graph.set(follower, followee, !newerFollows, OLDER),
                    () -> graph.set(follower, followee, newerFollows, NEWER));
            boolean listed = graph.followers(followee, 1).contains(follower);
            return graph.follows(follower, followee) == newerFollows && listed == newerFollows
                    ? null
                    : follower + ":" + followee + (listed == newerFollows ? "" : " (follower list)");
        });

        assertThat(pairsInTheOlderState).isEmpty();
    }

    @ParameterizedTest(name = "pair stored before: {0}, the newer lands inside the older: {1}")
    @CsvSource({"false, false", "false, true", "true, false", "true, true"})
    void ofAnOlderAndANewerEventOneLandingInsideTheOthersWriteTheNewerWins(
            boolean pairStoredBefore, boolean newerLandsInsideOlder) {
        String follower = "f-" + UUID.randomUUID();
        String followee = "g-" + UUID.randomUUID();
        if (pairStoredBefore) {
            graph.set(follower, followee, false, OLDEST);
        }
        AtomicBoolean newerApplied = new AtomicBoolean();
        Runnable olderFollow = () -> graph.set(follower, followee, true, OLDER);
        Runnable newerUnfollow = () -> newerApplied.set(graph.set(follower, followee, false, NEWER));

        window.letLandInsideNextWrite(newerLandsInsideOlder ? newerUnfollow : olderFollow);
        (newerLandsInsideOlder ? olderFollow : newerUnfollow).run();

        assertThat(window.landed()).isTrue();
        assertThat(graph.follows(follower, followee))
                .as("follows after the newer unfollow")
                .isFalse();
        assertThat(graph.followers(followee, 1))
                .as("followers after the newer unfollow")
                .isEmpty();
        assertThat(newerApplied).as("the newer unfollow applied").isTrue();
    }

    @Test
    void anOlderStateRecordedAfterANewerOneDoesNotShowInTheLists() {
        String follower = "f-" + UUID.randomUUID();
        String followee = "g-" + UUID.randomUUID();
        FollowLists lists = new FollowLists(window);

        lists.record(follower, followee, false, NEWER);
        lists.record(follower, followee, true, OLDER);

        assertThat(graph.followers(followee, 1)).isEmpty();
        assertThat(new DurableTimelines(window, 800).followees(follower)).isEmpty();
        lists.record(follower, followee, true, "1800000000002-command-3");
        assertThat(graph.followers(followee, 1)).containsExactly(follower);
        assertThat(window.findById(
                                ReadModels.Timelines.page(followee, follower),
                                Document.class,
                                ReadModels.Timelines.FOLLOWER_PAGES)
                        .getList(ReadModels.Timelines.IDS, String.class))
                .as("entries left for the pair")
                .hasSize(1);
    }

    @Test
    void followsStoredBeforeThereWereFollowerListsAreListedOnceTheProjectorStarts() {
        String follower = "f-" + UUID.randomUUID();
        String unfollower = "f-" + UUID.randomUUID();
        String followee = "g-" + UUID.randomUUID();
        window.insert(storedEdge(follower, followee, true), FollowGraph.COLLECTION);
        window.insert(storedEdge(unfollower, followee, false), FollowGraph.COLLECTION);
        window.remove(new Query(), ReadModels.Timelines.FOLLOWER_PAGES);
        assertThat(graph.followers(followee, 2)).isEmpty();

        new FollowGraph(window).afterPropertiesSet();

        assertThat(graph.followers(followee, 2)).containsExactly(follower);
        assertThat(new DurableTimelines(window, 800).followees(follower)).containsExactly(followee);
    }

    private static Document storedEdge(String follower, String followee, boolean active) {
        return new Document("_id", follower + ":" + followee)
                .append("followerId", follower)
                .append("followeeId", followee)
                .append("active", active)
                .append("version", "1800000000000-command-1");
    }

    @Test
    void aPairStoredWhenVersionsWereMillisecondsIsOrderedByThoseMilliseconds() {
        String follower = "f-" + UUID.randomUUID();
        String followee = "g-" + UUID.randomUUID();
        window.insert(
                new Document("_id", follower + ":" + followee)
                        .append("followerId", follower)
                        .append("followeeId", followee)
                        .append("active", false)
                        .append("version", 1_800_000_000_000L),
                FollowGraph.COLLECTION);
        assertThat(graph.unfollowedAmong(List.of(follower), followee)).containsExactly(follower);

        assertThat(graph.set(follower, followee, true, "1799999999999-command-1"))
                .as("an event a millisecond older applied")
                .isFalse();
        assertThat(graph.follows(follower, followee)).isFalse();

        assertThat(graph.set(follower, followee, true, "1800000000000-command-2"))
                .as("an event of the same millisecond applied")
                .isTrue();
        assertThat(graph.follows(follower, followee)).isTrue();
    }
}
