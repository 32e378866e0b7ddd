package dev.flock.timeline.graph;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.platform.mongo.MongoErrors;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The projector's own copy of who follows whom, built from follow events. Each pair keeps the time of the command
 * that set it, so a late, older event cannot undo a newer one.
 */
@Component
public class FollowGraph implements InitializingBean {

    static final String COLLECTION = "follows";

    @Document(COLLECTION)
    record Edge(@Id String id, String followerId, String followeeId, boolean active, long version) {}

    private final MongoOperations mongo;

    FollowGraph(MongoOperations mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterPropertiesSet() {
        mongo.indexOps(Edge.class)
                .ensureIndex(new Index().on("followeeId", Sort.Direction.ASC).on("active", Sort.Direction.ASC));
    }

    /**
     * Records that the pair's state is {@code active} as of {@code at}. Applying the same event again succeeds
     * again (same version), so a redelivered event finishes its work.
     *
     * @return false when a newer event for the pair was applied already
     */
    public boolean set(String followerId, String followeeId, boolean active, Instant at) {
        long version = at.toEpochMilli();
        try {
            mongo.upsert(
                    query(where("_id")
                            .is(followerId + ":" + followeeId)
                            .and("version")
                            .lte(version)),
                    new Update()
                            .set("followerId", followerId)
                            .set("followeeId", followeeId)
                            .set("active", active)
                            .set("version", version),
                    Edge.class);
            return true;
        } catch (RuntimeException e) {
            if (MongoErrors.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    public boolean follows(String followerId, String followeeId) {
        return mongo.exists(
                query(where("_id")
                        .is(followerId + ":" + followeeId)
                        .and("active")
                        .is(true)),
                Edge.class);
    }

    /** The followers of an account; the caller closes the stream. */
    public Stream<String> followers(String followeeId) {
        var followers = query(where("followeeId").is(followeeId).and("active").is(true));
        followers.fields().include("followerId");
        return mongo.stream(followers, org.bson.Document.class, COLLECTION).map(edge -> edge.getString("followerId"));
    }

    /** Those of {@code followerIds} that have unfollowed {@code followeeId}. */
    public List<String> unfollowedAmong(Collection<String> followerIds, String followeeId) {
        return mongo
                .find(
                        query(where("followeeId")
                                .is(followeeId)
                                .and("followerId")
                                .in(followerIds)
                                .and("active")
                                .is(false)),
                        Edge.class)
                .stream()
                .map(Edge::followerId)
                .toList();
    }
}
