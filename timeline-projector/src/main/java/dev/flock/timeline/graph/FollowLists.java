package dev.flock.timeline.graph;

import static dev.flock.contracts.ReadModels.Timelines.FOLLOWER_PAGES;
import static dev.flock.contracts.ReadModels.Timelines.FOLLOWING_PAGES;
import static dev.flock.contracts.ReadModels.Timelines.IDS;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.contracts.ReadModels.Timelines;
import dev.flock.platform.mongo.MongoErrors;
import java.util.List;
import java.util.stream.Stream;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Each account's followers and followees in pages read by {@code _id} ({@link Timelines#FOLLOWER_PAGES}): reading an
 * author's followers is then a few primary-key lookups on any store, where a query on the edges' {@code followeeId}
 * needs a secondary index the embedded store does not keep (docs/architecture.md). The edges stay the truth; the
 * pages follow them.
 */
final class FollowLists {

    /** Marks a store whose pages were built from the edges stored before the pages existed. */
    private static final String BUILT = "built";

    private final MongoOperations mongo;

    FollowLists(MongoOperations mongo) {
        this.mongo = mongo;
    }

    /**
     * Makes both accounts' pages say what the pair's edge says now. Two events of the pair may sync at once, each
     * with the state it read; each reads the edge again after its write and writes again if it changed, so the last
     * write to the pages follows the last change of the edge.
     */
    void sync(String edgeId) {
        FollowGraph.Edge edge = mongo.findById(edgeId, FollowGraph.Edge.class);
        while (edge != null) {
            write(edge);
            FollowGraph.Edge now = mongo.findById(edgeId, FollowGraph.Edge.class);
            edge = now.active() == edge.active() ? null : now;
        }
    }

    /** The followers of {@code accountId}, a page at a time, in no particular order; the caller closes the stream. */
    Stream<String> followers(String accountId) {
        return mongo.stream(query(where("_id").in(Timelines.pages(accountId))), Document.class, FOLLOWER_PAGES)
                .flatMap(page -> page.getList(IDS, String.class, List.of()).stream());
    }

    /**
     * Builds the pages from edges stored before there were pages, once per store. Runs before events are consumed;
     * projectors of the version before the pages must be stopped by then, or edges they write later have none.
     */
    void buildOnce() {
        if (mongo.exists(query(where("_id").is(BUILT)), FOLLOWER_PAGES)) {
            return;
        }
        Query edges = new Query();
        edges.fields().include("_id");
        try (Stream<Document> stored = mongo.stream(edges, Document.class, FollowGraph.COLLECTION)) {
            stored.forEach(edge -> sync(edge.getString("_id")));
        }
        mongo.save(new Document("_id", BUILT), FOLLOWER_PAGES);
    }

    private void write(FollowGraph.Edge edge) {
        write(FOLLOWER_PAGES, edge.followeeId(), edge.followerId(), edge.active());
        write(FOLLOWING_PAGES, edge.followerId(), edge.followeeId(), edge.active());
    }

    private void write(String collection, String accountId, String memberId, boolean member) {
        var page = query(where("_id").is(Timelines.page(accountId, memberId)));
        if (!member) {
            mongo.updateFirst(page, new Update().pull(IDS, memberId), collection);
            return;
        }
        try {
            mongo.upsert(page, new Update().addToSet(IDS, memberId), collection);
        } catch (RuntimeException e) {
            if (!MongoErrors.isDuplicateKey(e)) {
                throw e;
            }
            // Another writer created the page between this upsert's match and its insert: add to theirs.
            mongo.updateFirst(page, new Update().addToSet(IDS, memberId), collection);
        }
    }
}
