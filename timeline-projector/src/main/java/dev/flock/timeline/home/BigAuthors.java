package dev.flock.timeline.home;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.contracts.ReadModels;
import dev.flock.timeline.graph.FollowGraph;
import dev.flock.timelines.RedisFollowing;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Authors with more followers than the fan-out limit: their posts are not fanned out on write, readers merge them in
 * when they read. An author is marked when a post finds it past the limit, durably (what a rebuild reads) and in
 * Redis (what a reader's page reads), and stays big: an author near the limit does not flip between the two ways at
 * every follow, and a reader's page is correct either way.
 */
public final class BigAuthors {

    private static final String COLLECTION = ReadModels.Timelines.BIG_AUTHORS;

    private final MongoOperations mongo;
    private final FollowGraph graph;
    private final RedisFollowing following;
    private final long fanOutLimit;
    private final Clock clock;

    public BigAuthors(
            MongoOperations mongo, FollowGraph graph, RedisFollowing following, long fanOutLimit, Clock clock) {
        this.mongo = mongo;
        this.graph = graph;
        this.following = following;
        this.fanOutLimit = fanOutLimit;
        this.clock = clock;
    }

    /**
     * The followers to fan the author's new post out to; none when the author is big (the post is merged at read
     * time), marking it if it just passed the limit. One query, reading at most the limit and one more: counting
     * first and then reading the followers would read them twice, and a big author's would be counted in full.
     */
    public Optional<List<String>> fanOutTargets(String authorId) {
        if (!isMarked(authorId)) {
            List<String> followers = graph.followers(authorId, fanOutLimit + 1);
            if (followers.size() <= fanOutLimit) {
                return Optional.of(followers);
            }
            mongo.upsert(
                    query(where("_id").is(authorId)), new Update().setOnInsert("since", clock.instant()), COLLECTION);
        }
        // Again each time: Redis may have lost it since (a restart before the rebuild).
        following.markBig(List.of(authorId));
        return Optional.empty();
    }

    public boolean isMarked(String authorId) {
        return mongo.exists(query(where("_id").is(authorId)), COLLECTION);
    }
}
