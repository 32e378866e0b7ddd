package dev.flock.timeline.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.contracts.StateVersion;
import dev.flock.timeline.TestStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Competing consumers apply the follow and unfollow events of one pair in any order, and redeliver some. Whatever
 * the order, the pair must end in the state of the newest event: the one whose command was accepted last, and of two
 * accepted in the same millisecond the one with the greater command id (as the account worker orders them).
 */
class FollowGraphPropertiesIT {

    record Change(boolean follow, long at, String commandId) {

        String version() {
            return StateVersion.of(Instant.ofEpochMilli(at), commandId);
        }
    }

    private static TestStore store;
    private static FollowGraph graph;

    @BeforeContainer
    static void start() {
        store = TestStore.start();
        graph = new FollowGraph(store.template());
    }

    @AfterContainer
    static void stop() {
        store.close();
    }

    @Property(tries = 200)
    void thePairEndsInTheStateOfItsNewestEvent(
            @ForAll("histories") List<Change> history, @ForAll long shuffleSeed, @ForAll boolean redeliver) {
        String follower = "f-" + UUID.randomUUID();
        String followee = "g-" + UUID.randomUUID();
        List<Change> arrival = new ArrayList<>(history);
        if (redeliver) {
            arrival.addAll(history.subList(0, history.size() / 2));
        }
        Collections.shuffle(arrival, new Random(shuffleSeed));

        arrival.forEach(change -> graph.set(follower, followee, change.follow(), change.version()));

        Change newest =
                history.stream().max(Comparator.comparing(Change::version)).orElseThrow();
        assertThat(graph.follows(follower, followee)).isEqualTo(newest.follow());
    }

    @Example
    void ofTwoChangesInTheSameMillisecondTheOneWithTheGreaterCommandIdWinsInEitherOrder() {
        String follower = "f-" + UUID.randomUUID();
        String followee = "g-" + UUID.randomUUID();
        String otherFollower = "f-" + UUID.randomUUID();

        graph.set(follower, followee, false, "1800000000000-command-b");
        graph.set(follower, followee, true, "1800000000000-command-a");
        graph.set(otherFollower, followee, true, "1800000000000-command-a");
        graph.set(otherFollower, followee, false, "1800000000000-command-b");

        assertThat(graph.follows(follower, followee)).isFalse();
        assertThat(graph.follows(otherFollower, followee)).isFalse();
    }

    /**
     * One to eight distinct changes of a pair, accepted within a few milliseconds of each other, so that many share
     * one.
     */
    @Provide
    Arbitrary<List<Change>> histories() {
        Arbitrary<Change> change = Combinators.combine(
                        Arbitraries.of(true, false),
                        Arbitraries.longs().between(1_800_000_000_000L, 1_800_000_000_003L),
                        Arbitraries.strings().withCharRange('a', 'z').ofLength(4))
                .as(Change::new);
        return change.list().ofMinSize(1).ofMaxSize(8).uniqueElements(Change::version);
    }
}
