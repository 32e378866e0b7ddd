package dev.flock.timeline.home;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.contracts.ReadModels;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Update;

/** Ids of deleted posts, so that a create that arrives after its delete adds nothing. */
public final class DeletedPosts {

    private static final String COLLECTION = ReadModels.Timelines.DELETED_POSTS;

    private final MongoOperations mongo;

    public DeletedPosts(MongoOperations mongo) {
        this.mongo = mongo;
    }

    public void add(String postId, Instant deletedAt) {
        mongo.upsert(query(where("_id").is(postId)), new Update().set("deletedAt", deletedAt), COLLECTION);
    }

    public boolean contains(String postId) {
        return mongo.exists(query(where("_id").is(postId)), COLLECTION);
    }

    public List<String> among(Collection<String> postIds) {
        return mongo.find(query(where("_id").in(postIds)), Document.class, COLLECTION).stream()
                .map(document -> document.getString("_id"))
                .toList();
    }
}
