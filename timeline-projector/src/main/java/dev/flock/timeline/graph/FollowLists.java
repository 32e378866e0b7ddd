package dev.flock.timeline.graph;

import static dev.flock.contracts.ReadModels.Timelines.FOLLOWER_PAGES;
import static dev.flock.contracts.ReadModels.Timelines.FOLLOWING_PAGES;
import static dev.flock.contracts.ReadModels.Timelines.IDS;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.contracts.ReadModels.Timelines;
import dev.flock.platform.mongo.MongoErrors;
import dev.flock.timelines.FollowPages;
import dev.flock.timelines.FollowPages.Entry;
import java.util.List;
import java.util.stream.Stream;
import org.bson.Document;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Writes each account's followers and followees into pages read by {@code _id} ({@link FollowPages}): reading an
 * author's followers is then a few primary-key lookups on any store, where a query on the edges' {@code followeeId}
 * needs a secondary index the embedded store does not keep (docs/architecture.md). The edges stay the truth.
 */
final class FollowLists {

    /** Marks a store whose pages were built from the edges stored before the pages existed. */
    private static final String BUILT = "built";

    /** The page as the write left it, created if it was not there: the add and the read in one round trip. */
    private static final FindAndModifyOptions AFTER_UPSERT =
            FindAndModifyOptions.options().upsert(true).returnNew(true);

    private final MongoOperations mongo;

    FollowLists(MongoOperations mongo) {
        this.mongo = mongo;
    }

    /** Records the pair's state as of {@code version} in both accounts' pages. */
    void record(String followerId, String followeeId, boolean follows, String version) {
        write(FOLLOWER_PAGES, followeeId, new Entry(followerId, version, follows));
        write(FOLLOWING_PAGES, followerId, new Entry(followeeId, version, follows));
    }

    /**
     * Builds the pages from edges stored before there were pages, once per store. Runs before events are consumed;
     * projectors of the version before the pages must be stopped by then, or edges they write later have none.
     */
    void buildOnce() {
        if (mongo.exists(query(where("_id").is(BUILT)), FOLLOWER_PAGES)) {
            return;
        }
        try (Stream<Document> edges = mongo.stream(new Query(), Document.class, FollowGraph.COLLECTION)) {
            edges.forEach(edge -> record(
                    edge.getString(Timelines.FOLLOWER_ID),
                    edge.getString(Timelines.FOLLOWEE_ID),
                    edge.getBoolean(Timelines.ACTIVE),
                    FollowGraph.comparable(edge.get("version"))));
        }
        mongo.save(new Document("_id", BUILT), FOLLOWER_PAGES);
    }

    /**
     * Adds the entry, then removes the pair's entries but the newest. A reader goes by the newest, so neither step
     * changes what it sees but the newest entry itself: an event applied late only adds an entry that loses.
     */
    private void write(String collection, String accountId, Entry entry) {
        Query page = query(where("_id").is(Timelines.page(accountId, entry.accountId())));
        Update add = new Update().addToSet(IDS, entry.encoded());
        Document stored;
        try {
            stored = mongo.findAndModify(page, add, AFTER_UPSERT, Document.class, collection);
        } catch (RuntimeException e) {
            if (!MongoErrors.isDuplicateKey(e)) {
                throw e;
            }
            // Another writer created the page between this upsert's match and its insert: add to theirs.
            stored = mongo.findAndModify(page, add, AFTER_UPSERT, Document.class, collection);
        }
        Entry newest = FollowPages.newest(stored).get(entry.accountId());
        List<String> outdated = stored.getList(IDS, String.class, List.of()).stream()
                .map(Entry::decode)
                .filter(each -> each.accountId().equals(entry.accountId()) && newest.isNewerThan(each))
                .map(Entry::encoded)
                .toList();
        if (!outdated.isEmpty()) {
            mongo.updateFirst(page, new Update().pullAll(IDS, outdated.toArray()), collection);
        }
    }
}
