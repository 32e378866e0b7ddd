package dev.flock.timeline.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.flock.testsupport.TestMongo;
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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Competing consumers apply the follow and unfollow events of one pair in any order, and redeliver some. Whatever
 * the order, the pair must end in the state of the newest event.
 */
class FollowGraphPropertiesIT {

    record Change(boolean follow, long at) {}

    private static TestMongo mongo;
    private static MongoClient client;
    private static FollowGraph graph;

    @BeforeContainer
    static void start() {
        mongo = TestMongo.start();
        client = MongoClients.create(mongo.uri());
        graph = new FollowGraph(new MongoTemplate(client, "timelines"));
    }

    @AfterContainer
    static void stop() {
        client.close();
        mongo.close();
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

        arrival.forEach(change -> graph.set(follower, followee, change.follow(), Instant.ofEpochMilli(change.at())));

        Change newest =
                history.stream().max(Comparator.comparingLong(Change::at)).orElseThrow();
        assertThat(graph.follows(follower, followee)).isEqualTo(newest.follow());
    }

    /** One to eight changes of a pair, with distinct times (the edge's acceptance times). */
    @Provide
    Arbitrary<List<Change>> histories() {
        Arbitrary<Change> change = Combinators.combine(
                        Arbitraries.of(true, false), Arbitraries.longs().between(1, 1_000_000))
                .as(Change::new);
        return change.list().ofMinSize(1).ofMaxSize(8).uniqueElements(Change::at);
    }
}
