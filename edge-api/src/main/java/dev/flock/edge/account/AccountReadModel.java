package dev.flock.edge.account;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.edge.auth.AccountCredentials;
import dev.flock.edge.read.ReadCircuitBreaker;
import dev.flock.edge.web.ApiProblem;
import dev.flock.edge.web.Page;
import dev.flock.edge.web.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Reads the account worker's database (read-only). The field names are the account worker's documents
 * ({@code AccountDocument}, {@code FollowDocument}); only the fields the edge shows are mapped.
 */
public class AccountReadModel implements AccountCredentials {

    @Document("accounts")
    public record AccountRow(
            @Id String id, String username, String displayName, String bio, Instant createdAt, String passwordHash) {}

    @Document("follows")
    record FollowRow(@Id String id, String followerId, String followeeId, Instant since) {}

    private final MongoOperations mongo;
    private final ReadCircuitBreaker guard;

    public AccountReadModel(MongoOperations mongo, ReadCircuitBreaker guard) {
        this.mongo = mongo;
        this.guard = guard;
    }

    public Optional<AccountRow> byId(String id) {
        return guard.read(() -> Optional.ofNullable(mongo.findById(id, AccountRow.class)));
    }

    public Optional<AccountRow> byUsername(String username) {
        Query byKey = query(where("usernameKey").is(username.toLowerCase(Locale.ROOT)));
        return guard.read(() -> Optional.ofNullable(mongo.findOne(byKey, AccountRow.class)));
    }

    @Override
    public Optional<Credentials> credentials(String username) {
        return byUsername(username).map(row -> new Credentials(row.id(), row.username(), row.passwordHash()));
    }

    public boolean exists(String id) {
        return guard.read(() -> mongo.exists(query(where("_id").is(id)), AccountRow.class));
    }

    long followers(String id) {
        return guard.read(() -> mongo.count(active("followeeId", id), FollowRow.class));
    }

    long following(String id) {
        return guard.read(() -> mongo.count(active("followerId", id), FollowRow.class));
    }

    /** Who follows {@code id}, most recent first. */
    Page<AccountRow> followers(String id, PageRequest page) {
        return guard.read(() -> relations("followeeId", id, FollowRow::followerId, "followerId", page));
    }

    /** Whom {@code id} follows, most recent first. */
    Page<AccountRow> following(String id, PageRequest page) {
        return guard.read(() -> relations("followerId", id, FollowRow::followeeId, "followeeId", page));
    }

    private static Query active(String field, String id) {
        return query(where(field).is(id).and("active").is(true));
    }

    private Page<AccountRow> relations(
            String ownField, String id, Function<FollowRow, String> other, String otherField, PageRequest page) {
        Criteria criteria = where(ownField).is(id).and("active").is(true);
        if (page.before() != null) {
            criteria = criteria.andOperator(after(page.before(), otherField));
        }
        Query query = query(criteria)
                .with(Sort.by(Sort.Direction.DESC, "since", otherField))
                .limit(page.fetchSize());
        List<FollowRow> rows = mongo.find(query, FollowRow.class);
        Page<FollowRow> follows =
                Page.of(rows, page.limit(), row -> row.since().toEpochMilli() + ":" + other.apply(row));
        List<String> ids = follows.items().stream().map(other).toList();
        Map<String, AccountRow> accounts = mongo.find(query(where("_id").in(ids)), AccountRow.class).stream()
                .collect(Collectors.toMap(AccountRow::id, Function.identity()));
        List<AccountRow> items =
                ids.stream().map(accounts::get).filter(Objects::nonNull).toList();
        return new Page<>(items, follows.next());
    }

    /** Rows after the cursor {@code "<since millis>:<account id>"} in (since, id) descending order. */
    private static Criteria after(String cursor, String otherField) {
        int colon = cursor.indexOf(':');
        try {
            Instant since = Instant.ofEpochMilli(Long.parseLong(cursor.substring(0, colon)));
            String otherId = cursor.substring(colon + 1);
            return new Criteria()
                    .orOperator(
                            where("since").lt(since),
                            where("since").is(since).and(otherField).lt(otherId));
        } catch (RuntimeException e) {
            throw ApiProblem.invalid("before", "is not a cursor from this API");
        }
    }
}
