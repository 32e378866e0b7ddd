package dev.flock.edge.account;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.contracts.ReadModels.Accounts;
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
import org.springframework.data.mongodb.core.mapping.Field;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Reads the account worker's database (read-only), by the names the account worker writes under ({@link Accounts});
 * only the fields the edge shows are mapped.
 */
public class AccountReadModel implements AccountCredentials {

    @Document(Accounts.ACCOUNTS)
    public record AccountRow(
            @Id String id,
            @Field(Accounts.USERNAME) String username,
            @Field(Accounts.DISPLAY_NAME) String displayName,
            @Field(Accounts.BIO) String bio,
            @Field(Accounts.CREATED_AT) Instant createdAt,
            @Field(Accounts.PASSWORD_HASH) String passwordHash) {}

    @Document(Accounts.FOLLOWS)
    record FollowRow(
            @Id String id,
            @Field(Accounts.FOLLOWER_ID) String followerId,
            @Field(Accounts.FOLLOWEE_ID) String followeeId,
            @Field(Accounts.SINCE) Instant since) {}

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
        Query byKey = query(where(Accounts.USERNAME_KEY).is(username.toLowerCase(Locale.ROOT)));
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
        return guard.read(() -> mongo.count(active(Accounts.FOLLOWEE_ID, id), FollowRow.class));
    }

    long following(String id) {
        return guard.read(() -> mongo.count(active(Accounts.FOLLOWER_ID, id), FollowRow.class));
    }

    /** Who follows {@code id}, most recent first. */
    Page<AccountRow> followers(String id, PageRequest page) {
        return guard.read(() -> relations(Accounts.FOLLOWEE_ID, id, FollowRow::followerId, Accounts.FOLLOWER_ID, page));
    }

    /** Whom {@code id} follows, most recent first. */
    Page<AccountRow> following(String id, PageRequest page) {
        return guard.read(() -> relations(Accounts.FOLLOWER_ID, id, FollowRow::followeeId, Accounts.FOLLOWEE_ID, page));
    }

    private static Query active(String field, String id) {
        return query(where(field).is(id).and(Accounts.ACTIVE).is(true));
    }

    private Page<AccountRow> relations(
            String ownField, String id, Function<FollowRow, String> other, String otherField, PageRequest page) {
        Criteria criteria = where(ownField).is(id).and(Accounts.ACTIVE).is(true);
        if (page.before() != null) {
            criteria = criteria.andOperator(after(page.before(), otherField));
        }
        Query query = query(criteria)
                .with(Sort.by(Sort.Direction.DESC, Accounts.SINCE, otherField))
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
                            where(Accounts.SINCE).lt(since),
                            where(Accounts.SINCE).is(since).and(otherField).lt(otherId));
        } catch (RuntimeException e) {
            throw ApiProblem.invalid("before", "is not a cursor from this API");
        }
    }
}
