package dev.flock.edge.command;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.edge.limit.RateLimitProperties;
import dev.flock.edge.web.ApiProblem;
import dev.flock.platform.mongo.MongoErrors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code Idempotency-Key}: the first request with a key reserves it for its command id; a repeat within 24 h gets
 * that id back. A repeat of a request whose publish may not have completed publishes the same command again, which
 * the workers recognise by its id: no second effect either way. The one database write on the command path.
 */
@Component
public class IdempotencyKeys implements InitializingBean {

    static final String COLLECTION = "idempotency-keys";
    static final Duration RETENTION = Duration.ofHours(24);

    @Document(COLLECTION)
    record Entry(@Id String id, String fingerprint, String commandId, boolean accepted, Instant createdAt) {}

    /** @param accepted the broker already confirmed this command once */
    record Reservation(String commandId, boolean accepted) {}

    private final MongoOperations mongo;
    private final Clock clock;
    /** Keys one caller may hold at once (issue 10: what a caller can make the edge store is bounded). */
    private final int maxPerCaller;

    @Autowired
    IdempotencyKeys(@Qualifier("edgeDatabase") MongoOperations mongo, Clock clock, RateLimitProperties limits) {
        this(mongo, clock, limits.enabled() ? limits.idempotencyKeysPerCaller() : Integer.MAX_VALUE);
    }

    IdempotencyKeys(MongoOperations mongo, Clock clock, int maxPerCaller) {
        this.mongo = mongo;
        this.clock = clock;
        this.maxPerCaller = maxPerCaller;
    }

    @Override
    public void afterPropertiesSet() {
        // MongoDB removes expired keys itself; reserve() also ignores them, for stores without TTL indexes.
        mongo.indexOps(Entry.class).ensureIndex(new Index("createdAt", Sort.Direction.ASC).expire(RETENTION));
    }

    Reservation reserve(String scope, String key, String fingerprint, String candidateCommandId) {
        String id = scope + " " + key;
        for (int attempt = 0; attempt < 3; attempt++) {
            refuseIfTheCallerHoldsTooMany(scope, id);
            try {
                mongo.insert(new Entry(id, fingerprint, candidateCommandId, false, clock.instant()));
                return new Reservation(candidateCommandId, false);
            } catch (RuntimeException e) {
                if (!MongoErrors.isDuplicateKey(e)) {
                    throw e;
                }
            }
            Entry existing = mongo.findById(id, Entry.class);
            if (existing == null) {
                continue;
            }
            if (existing.createdAt().isBefore(clock.instant().minus(RETENTION))) {
                mongo.remove(query(where("_id").is(id).and("createdAt").is(existing.createdAt())), Entry.class);
                continue;
            }
            if (!existing.fingerprint().equals(fingerprint)) {
                throw ApiProblem.of(
                        HttpStatus.UNPROCESSABLE_ENTITY,
                        "idempotency-key-reused",
                        "Idempotency key reused",
                        "This Idempotency-Key was used for a different request in the last 24 hours.");
            }
            return new Reservation(existing.commandId(), existing.accepted());
        }
        throw new IllegalStateException("could not reserve idempotency key " + id);
    }

    private void refuseIfTheCallerHoldsTooMany(String scope, String id) {
        if (maxPerCaller == Integer.MAX_VALUE) {
            return;
        }
        Query held = query(where("_id")
                .regex("^" + Pattern.quote(scope + " "))
                .and("createdAt")
                .gt(clock.instant().minus(RETENTION)));
        if (mongo.count(held, Entry.class) < maxPerCaller
                || mongo.exists(query(where("_id").is(id)), Entry.class)) {
            return;
        }
        Entry oldest = mongo.findOne(held.with(Sort.by("createdAt")), Entry.class);
        Duration wait = oldest == null
                ? Duration.ofMinutes(1)
                : Duration.between(clock.instant(), oldest.createdAt().plus(RETENTION));
        throw ApiProblem.tooManyRequests(
                "This caller holds " + maxPerCaller + " idempotency keys of the last 24 hours; send the command"
                        + " without Idempotency-Key or later.",
                wait);
    }

    void accepted(String scope, String key) {
        mongo.updateFirst(query(where("_id").is(scope + " " + key)), new Update().set("accepted", true), Entry.class);
    }
}
