package dev.flock.timeline.home;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.platform.mongo.MongoErrors;
import java.util.Collection;
import java.util.List;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Capped, newest-first lists of posts, one document per owner: {@code {_id: owner, entries: [{postId, authorId}]}}.
 * Every write is idempotent: adding a post already present matches nothing (and the upsert then hits the unique
 * {@code _id}, which means "already there"); removals remove what is there.
 */
public final class Timelines {

    private final MongoOperations mongo;
    private final String collection;
    private final int capacity;

    public Timelines(MongoOperations mongo, String collection, int capacity) {
        this.mongo = mongo;
        this.collection = collection;
        this.capacity = capacity;
    }

    public void createIndexes() {
        mongo.indexOps(collection).ensureIndex(new Index("entries.postId", Sort.Direction.ASC));
    }

    public void add(Collection<String> owners, TimelineEntry entry) {
        if (owners.isEmpty()) {
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, collection);
        for (String owner : owners) {
            bulk.upsert(
                    query(where("_id").is(owner).and("entries.postId").ne(entry.postId())), pushNewest(List.of(entry)));
        }
        try {
            bulk.execute();
        } catch (RuntimeException e) {
            if (!MongoErrors.onlyDuplicateKeys(e)) {
                throw e;
            }
        }
    }

    /** Adds several entries to one owner's list; those already there stay once. */
    public void merge(String owner, List<TimelineEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<String> postIds = entries.stream().map(TimelineEntry::postId).toList();
        mongo.updateFirst(query(where("_id").is(owner)), pull(new Document("postId", in(postIds))), collection);
        mongo.upsert(query(where("_id").is(owner)), pushNewest(entries), collection);
    }

    public List<TimelineEntry> read(String owner) {
        Document timeline = mongo.findById(owner, Document.class, collection);
        if (timeline == null) {
            return List.of();
        }
        return timeline.getList("entries", Document.class, List.of()).stream()
                .map(TimelineEntry::of)
                .toList();
    }

    public void removeAuthor(String owner, String authorId) {
        mongo.updateFirst(query(where("_id").is(owner)), pull(new Document("authorId", authorId)), collection);
    }

    public void removePost(String postId) {
        mongo.updateMulti(query(where("entries.postId").is(postId)), pull(new Document("postId", postId)), collection);
    }

    public void removePost(Collection<String> owners, String postId) {
        if (!owners.isEmpty()) {
            mongo.updateMulti(query(where("_id").in(owners)), pull(new Document("postId", postId)), collection);
        }
    }

    public void removePosts(String owner, Collection<String> postIds) {
        if (!postIds.isEmpty()) {
            mongo.updateFirst(query(where("_id").is(owner)), pull(new Document("postId", in(postIds))), collection);
        }
    }

    private Update pushNewest(List<TimelineEntry> entries) {
        return new Update()
                .push("entries")
                .sort(Sort.by(Sort.Direction.DESC, "postId"))
                .slice(capacity)
                .each(entries.stream().map(TimelineEntry::toDocument).toArray());
    }

    private static Update pull(Document condition) {
        return new Update().pull("entries", condition);
    }

    private static Document in(Collection<String> values) {
        return new Document("$in", values);
    }
}
