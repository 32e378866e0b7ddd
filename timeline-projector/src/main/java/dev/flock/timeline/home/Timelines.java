package dev.flock.timeline.home;

import static dev.flock.contracts.ReadModels.Timelines.AUTHOR_ID;
import static dev.flock.contracts.ReadModels.Timelines.ENTRIES;
import static dev.flock.contracts.ReadModels.Timelines.POST_ID;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.platform.mongo.MongoErrors;
import dev.flock.timelines.TimelineEntry;
import java.util.Collection;
import java.util.List;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Capped, newest-first lists of posts, one document per owner: {@code {_id: owner, entries: [{postId, authorId}]}}.
 * Every write is idempotent, and no interleaving of writers puts a post into a list twice: each entry is added by an
 * update of its own whose filter says the list does not hold that post yet. Removals remove what is there.
 */
public final class Timelines {

    /** The post id of an entry, for queries and the index on it. */
    private static final String ENTRY_POST_ID = ENTRIES + "." + POST_ID;

    private record Addition(String owner, TimelineEntry entry) {}

    private final MongoOperations mongo;
    private final String collection;
    private final int capacity;

    public Timelines(MongoOperations mongo, String collection, int capacity) {
        this.mongo = mongo;
        this.collection = collection;
        this.capacity = capacity;
    }

    public void createIndexes() {
        mongo.indexOps(collection).ensureIndex(new Index(ENTRY_POST_ID, Sort.Direction.ASC));
    }

    public void add(Collection<String> owners, TimelineEntry entry) {
        push(owners.stream().map(owner -> new Addition(owner, entry)).toList());
    }

    /** Adds several entries to one owner's list; those already there stay once. */
    public void merge(String owner, List<TimelineEntry> entries) {
        push(entries.stream().map(entry -> new Addition(owner, entry)).toList());
    }

    public List<TimelineEntry> read(String owner) {
        Document timeline = mongo.findById(owner, Document.class, collection);
        if (timeline == null) {
            return List.of();
        }
        return timeline.getList(ENTRIES, Document.class, List.of()).stream()
                .map(Timelines::entry)
                .toList();
    }

    public void removeAuthor(String owner, String authorId) {
        mongo.updateFirst(query(where("_id").is(owner)), pull(new Document(AUTHOR_ID, authorId)), collection);
    }

    public void removePost(String postId) {
        mongo.updateMulti(query(where(ENTRY_POST_ID).is(postId)), pull(new Document(POST_ID, postId)), collection);
    }

    public void removePost(Collection<String> owners, String postId) {
        if (!owners.isEmpty()) {
            mongo.updateMulti(query(where("_id").in(owners)), pull(new Document(POST_ID, postId)), collection);
        }
    }

    public void removePosts(String owner, Collection<String> postIds) {
        if (!postIds.isEmpty()) {
            mongo.updateFirst(query(where("_id").is(owner)), pull(new Document(POST_ID, in(postIds))), collection);
        }
    }

    /**
     * One unordered bulk write, an upsert per addition. An upsert meets E11000 when its filter matched nothing while
     * the owner's list exists: the list holds the post already, or another writer created the list after this
     * upsert's match (MongoDB does not retry an upsert whose filter is more than an equality on {@code _id}). Either
     * way the list exists now, so those additions are written again as plain updates, which add the post only if it
     * is still missing and cannot meet E11000.
     */
    private void push(List<Addition> additions) {
        List<Addition> lostInsert = write(additions, true);
        write(lostInsert, false);
    }

    /** @return the additions whose upsert met E11000 */
    private List<Addition> write(List<Addition> additions, boolean upsert) {
        if (additions.isEmpty()) {
            return List.of();
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, collection);
        for (Addition addition : additions) {
            Query lacksPost = query(where("_id")
                    .is(addition.owner())
                    .and(ENTRY_POST_ID)
                    .ne(addition.entry().postId()));
            if (upsert) {
                bulk.upsert(lacksPost, pushNewest(addition.entry()));
            } else {
                bulk.updateOne(lacksPost, pushNewest(addition.entry()));
            }
        }
        try {
            bulk.execute();
            return List.of();
        } catch (BulkOperationException e) {
            if (!MongoErrors.onlyDuplicateKeys(e)) {
                throw e;
            }
            return e.getErrors().stream()
                    .map(error -> additions.get(error.getIndex()))
                    .toList();
        }
    }

    private Update pushNewest(TimelineEntry entry) {
        return new Update()
                .push(ENTRIES)
                .sort(Sort.by(Sort.Direction.DESC, POST_ID))
                .slice(capacity)
                .each(document(entry));
    }

    private static Document document(TimelineEntry entry) {
        return new Document(POST_ID, entry.postId()).append(AUTHOR_ID, entry.authorId());
    }

    private static TimelineEntry entry(Document document) {
        return new TimelineEntry(document.getString(POST_ID), document.getString(AUTHOR_ID));
    }

    private static Update pull(Document condition) {
        return new Update().pull(ENTRIES, condition);
    }

    private static Document in(Collection<String> values) {
        return new Document("$in", values);
    }
}
