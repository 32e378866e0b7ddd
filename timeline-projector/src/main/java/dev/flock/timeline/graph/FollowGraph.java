package dev.flock.timeline.graph;

import static dev.flock.contracts.ReadModels.Timelines.ACTIVE;
import static dev.flock.contracts.ReadModels.Timelines.FOLLOWEE_ID;
import static dev.flock.contracts.ReadModels.Timelines.FOLLOWER_ID;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.contracts.ReadModels;
import dev.flock.contracts.StateVersion;
import dev.flock.platform.mongo.MongoErrors;
import dev.flock.timelines.FollowPages;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.mapping.Field;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The projector's own copy of who follows whom, built from follow events. Each pair keeps the {@link StateVersion} of
 * the command that set it, the order the account worker keeps too, so a late, older event cannot undo a newer one and
 * both sides agree on two commands of the same millisecond.
 */
@Component
public class FollowGraph implements InitializingBean {

    static final String COLLECTION = ReadModels.Timelines.FOLLOWS;

    @Document(COLLECTION)
    record Edge(
            @Id String id,
            @Field(FOLLOWER_ID) String followerId,
            @Field(FOLLOWEE_ID) String followeeId,
            @Field(ACTIVE) boolean active,
            String version) {}

    private final MongoOperations mongo;
    private final FollowLists lists;
    private final FollowPages pages;

    FollowGraph(MongoOperations mongo) {
        this.mongo = mongo;
        this.lists = new FollowLists(mongo);
        this.pages = new FollowPages(mongo);
    }

    @Override
    public void afterPropertiesSet() {
        lists.buildOnce();
    }

    /**
     * Records that the pair's state is {@code active} as of {@code version}, unless a newer event set it already.
     * Applying the same event again succeeds again, so a redelivered event finishes its work.
     *
     * <p>A compare-and-set on the version read. An upsert filtered on {@code version <= v} would not do: two writers
     * of a new pair both match nothing and both insert, and the one that gets E11000 may be the newer.
     *
     * @return false when a newer event for the pair was applied already
     */
    public boolean set(String followerId, String followeeId, boolean active, String version) {
        String id = edgeId(followerId, followeeId);
        if (!written(id, followerId, followeeId, active, version)) {
            return false;
        }
        lists.record(followerId, followeeId, active, version);
        return true;
    }

    private boolean written(String id, String followerId, String followeeId, boolean active, String version) {
        // A round that neither wrote nor lost to a newer version met another event of the pair written after its
        // read: it decides again against what that one wrote.
        while (true) {
            org.bson.Document stored = mongo.findById(id, org.bson.Document.class, COLLECTION);
            if (stored == null) {
                if (inserted(new Edge(id, followerId, followeeId, active, version))) {
                    return true;
                }
                continue;
            }
            Object storedVersion = stored.get("version");
            if (comparable(storedVersion).compareTo(version) > 0) {
                return false;
            }
            if (replaced(id, storedVersion, active, version)) {
                return true;
            }
        }
    }

    /** By edge id alone, the state checked here (the embedded store scans otherwise: docs/architecture.md). */
    public boolean follows(String followerId, String followeeId) {
        Edge edge = mongo.findById(edgeId(followerId, followeeId), Edge.class);
        return edge != null && edge.active();
    }

    /** The followers of an account; the caller closes the stream. */
    public Stream<String> followers(String followeeId) {
        return pages.followers(followeeId);
    }

    /** At most {@code limit} followers of an account. */
    public List<String> followers(String followeeId, long limit) {
        try (Stream<String> followers = pages.followers(followeeId)) {
            return followers.limit(limit).toList();
        }
    }

    /**
     * Those of {@code followerIds} that have unfollowed {@code followeeId}. By edge ids alone, the state checked here,
     * as above.
     */
    public List<String> unfollowedAmong(Collection<String> followerIds, String followeeId) {
        List<String> edges = followerIds.stream()
                .map(followerId -> edgeId(followerId, followeeId))
                .toList();
        return mongo.find(query(where("_id").in(edges)), Edge.class).stream()
                .filter(edge -> !edge.active())
                .map(Edge::followerId)
                .toList();
    }

    private static String edgeId(String followerId, String followeeId) {
        return followerId + ":" + followeeId;
    }

    private boolean inserted(Edge edge) {
        try {
            mongo.insert(edge);
            return true;
        } catch (RuntimeException e) {
            if (MongoErrors.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    private boolean replaced(String id, Object storedVersion, boolean active, String version) {
        return mongo.updateFirst(
                                query(where("_id").is(id).and("version").is(storedVersion)),
                                new Update().set(ACTIVE, active).set("version", version),
                                COLLECTION)
                        .getMatchedCount()
                == 1;
    }

    /** Versions stored before events carried the command's were epoch millis: those millis, with no command id. */
    static String comparable(Object storedVersion) {
        if (storedVersion instanceof Number millis) {
            return StateVersion.of(Instant.ofEpochMilli(millis.longValue()), "");
        }
        return Objects.toString(storedVersion, "");
    }
}
