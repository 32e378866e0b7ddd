package dev.flock.edge.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClients;
import dev.flock.edge.web.ApiProblem;
import dev.flock.testsupport.TestMongo;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;

/** Issue 10, finding 8: what one caller can make the edge store with {@code Idempotency-Key}s is bounded. */
class IdempotencyKeysTests {

    static final TestMongo mongo = TestMongo.start();

    private final MongoTemplate database = new MongoTemplate(MongoClients.create(mongo.uri()), "edge");
    private IdempotencyKeys keys;

    @BeforeEach
    void keysOfAtMostThreePerCaller() {
        database.dropCollection(IdempotencyKeys.COLLECTION);
        keys = newKeys(3);
    }

    @AfterAll
    static void stop() {
        mongo.close();
    }

    @Test
    void aCallerOverItsNumberOfKeysIsRefusedWith429AndNothingIsStored() {
        holdThreeKeys("account:A");

        assertThatThrownBy(() -> keys.reserve("account:A", "key-3", "fingerprint", "command-3"))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> assertThat(problem.status())
                        .isEqualTo(HttpStatus.TOO_MANY_REQUESTS));
        assertThat(database.getCollection(IdempotencyKeys.COLLECTION).countDocuments())
                .isEqualTo(3);
    }

    @Test
    void aRepeatOfAKeyAlreadyHeldIsAnsweredEvenAtTheLimit() {
        holdThreeKeys("account:A");

        assertThat(keys.reserve("account:A", "key-1", "fingerprint", "command-x")
                        .commandId())
                .isEqualTo("command-1");
    }

    @Test
    void anotherCallerHasItsOwnKeys() {
        holdThreeKeys("account:A");

        assertThat(keys.reserve("account:B", "key-0", "fingerprint", "command-b")
                        .commandId())
                .isEqualTo("command-b");
    }

    private void holdThreeKeys(String scope) {
        for (int i = 0; i < 3; i++) {
            keys.reserve(scope, "key-" + i, "fingerprint", "command-" + i);
        }
    }

    private IdempotencyKeys newKeys(int perCaller) {
        return new IdempotencyKeys(database, Clock.systemUTC(), perCaller);
    }
}
