package dev.flock.account.follow;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClients;
import com.mongodb.client.result.UpdateResult;
import dev.flock.account.profile.AccountDocument;
import dev.flock.contracts.Envelope;
import dev.flock.contracts.StateVersion;
import dev.flock.contracts.command.FollowAccount;
import dev.flock.contracts.command.UnfollowAccount;
import dev.flock.platform.command.CommandOutcome;
import dev.flock.testsupport.TestMongo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.UpdateDefinition;

/**
 * Two replicas apply an older and a newer command of one pair at the same moment, the pair's first commands: both
 * find no document and both try to create it; on real MongoDB one of them meets the other's insert as a duplicate
 * key. The newer command must win whichever it is, and publish its event if it changed the state.
 */
class FollowsRaceIT {

    static TestMongo store;
    static MongoTemplate mongo;

    @BeforeAll
    static void startStore() {
        store = TestMongo.start();
        mongo = new MongoTemplate(MongoClients.create(store.uri()), "accounts");
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    /**
     * The interleaving, made certain: the newer command's first write meets the older command's document, written
     * between the newer command's read and its write, and gets the duplicate key MongoDB answers then. (The embedded
     * test server applies one write at a time and never interleaves them by itself.)
     */
    @ParameterizedTest(name = "newer command follows: {0}")
    @ValueSource(booleans = {true, false})
    void aNewerCommandWhoseFirstWriteMeetsTheOlderOnesInsertStillWins(boolean newerFollows) {
        String followee = account();
        String follower = "follower-" + UUID.randomUUID();
        Instant now = Instant.now();
        Envelope<?> newer = command(follower, followee, newerFollows, now);
        Envelope<?> older = command(follower, followee, !newerFollows, now.minusMillis(1));
        MeetingTheOtherWriter racing = new MeetingTheOtherWriter();
        racing.arm(() -> apply(new Follows(mongo), older));

        CommandOutcome outcome = apply(new Follows(racing), newer);

        FollowDocument pair = mongo.findById(follower + ":" + followee, FollowDocument.class);
        assertThat(pair.active()).isEqualTo(newerFollows);
        assertThat(pair.version()).isEqualTo(StateVersion.of(newer));
        assertThat(outcome.events())
                .as("events of the newer command, which changed the state")
                .hasSize(1);
    }

    /**
     * The same race left to the threads: on real MongoDB (Testcontainers, where Docker runs) it happens for some of
     * the pairs; on any store the newer command must win every one.
     */
    @Test
    void theNewerOfTwoConcurrentFirstCommandsForAPairWins() {
        String followee = account();
        Instant now = Instant.now();
        Follows follows = new Follows(mongo);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        List<String> lost = new ArrayList<>();
        try {
            for (int pair = 0; pair < 200; pair++) {
                String follower = "follower-" + UUID.randomUUID();
                boolean newerFollows = pair % 2 == 0;
                Envelope<?> newer = command(follower, followee, newerFollows, now);
                Envelope<?> older = command(follower, followee, !newerFollows, now.minusMillis(1));
                CyclicBarrier together = new CyclicBarrier(2);
                CompletableFuture.allOf(
                                CompletableFuture.runAsync(atOnce(together, () -> apply(follows, newer)), replicas),
                                CompletableFuture.runAsync(atOnce(together, () -> apply(follows, older)), replicas))
                        .join();
                if (mongo.findById(follower + ":" + followee, FollowDocument.class)
                                .active()
                        != newerFollows) {
                    lost.add(follower);
                }
            }
        } finally {
            replicas.shutdownNow();
        }
        assertThat(lost).as("pairs left in the older command's state").isEmpty();
    }

    /** A store whose next creating write meets a document another writer created just before. */
    static final class MeetingTheOtherWriter extends MongoTemplate {

        private final AtomicReference<Runnable> otherWriter = new AtomicReference<>();

        MeetingTheOtherWriter() {
            super(mongo.getMongoDatabaseFactory());
        }

        void arm(Runnable writer) {
            otherWriter.set(writer);
        }

        @Override
        public <T> T insert(T objectToSave, String collectionName) {
            meetTheOtherWriter();
            return super.insert(objectToSave, collectionName);
        }

        @Override
        public UpdateResult upsert(Query query, UpdateDefinition update, Class<?> entityClass, String collectionName) {
            meetTheOtherWriter();
            return super.upsert(query, update, entityClass, collectionName);
        }

        @Override
        public <T> T findAndModify(
                Query query,
                UpdateDefinition update,
                FindAndModifyOptions options,
                Class<T> entityClass,
                String collectionName) {
            if (options.isUpsert()) {
                meetTheOtherWriter();
            }
            return super.findAndModify(query, update, options, entityClass, collectionName);
        }

        private void meetTheOtherWriter() {
            Runnable writer = otherWriter.getAndSet(null);
            if (writer != null) {
                writer.run();
                throw new DuplicateKeyException("E11000 duplicate key error collection: accounts.follows index: _id_");
            }
        }
    }

    private static Envelope<?> command(String follower, String followee, boolean follow, Instant acceptedAt) {
        Object payload = follow ? new FollowAccount(followee) : new UnfollowAccount(followee);
        return Envelope.of(UUID.randomUUID().toString(), acceptedAt, follower, payload);
    }

    @SuppressWarnings("unchecked")
    private static CommandOutcome apply(Follows follows, Envelope<?> command) {
        return command.payload() instanceof FollowAccount
                ? follows.follow((Envelope<FollowAccount>) command)
                : follows.unfollow((Envelope<UnfollowAccount>) command);
    }

    private static String account() {
        String id = UUID.randomUUID().toString();
        mongo.insert(new AccountDocument(id, "user", "user-" + id, "hash", "User", "", Instant.now(), "cmd", "v", "v"));
        return id;
    }

    private static Runnable atOnce(CyclicBarrier barrier, Supplier<?> action) {
        return () -> {
            try {
                barrier.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            action.get();
        };
    }
}
