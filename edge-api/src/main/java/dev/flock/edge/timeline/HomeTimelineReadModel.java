package dev.flock.edge.timeline;

import dev.flock.edge.read.ReadCircuitBreaker;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * Reads the projector's home timelines (read-only): one document per account, {@code entries} newest first, as
 * the timeline projector writes them.
 */
public class HomeTimelineReadModel {

    private static final String COLLECTION = "home-timelines";

    private final MongoOperations mongo;
    private final ReadCircuitBreaker guard;

    public HomeTimelineReadModel(MongoOperations mongo, ReadCircuitBreaker guard) {
        this.mongo = mongo;
        this.guard = guard;
    }

    /** Post ids in the account's home timeline, newest first. */
    List<String> postIds(String accountId) {
        Document timeline = guard.read(() -> mongo.findById(accountId, Document.class, COLLECTION));
        if (timeline == null) {
            return List.of();
        }
        return timeline.getList("entries", Document.class, List.of()).stream()
                .map(entry -> entry.getString("postId"))
                .toList();
    }
}
