package dev.flock.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * What became of the commands a workload had accepted, read from the post worker's command log and posts: when each
 * was applied, and whether any is missing (lost) or present twice (duplicated).
 */
final class Outcomes {

    /** One finished command: its status and when the worker recorded it. */
    record Finished(String status, Instant acceptedAt, Instant completedAt) {}

    private static final int CHUNK = 500;

    private final MongoCollection<Document> commands;
    private final MongoCollection<Document> posts;

    Outcomes(MongoClient mongo) {
        this.commands = mongo.getDatabase("posts").getCollection("commands");
        this.posts = mongo.getDatabase("posts").getCollection("posts");
    }

    Map<String, Finished> finished(List<String> commandIds) {
        Map<String, Finished> finished = new HashMap<>();
        for (List<String> chunk : chunks(commandIds)) {
            for (Document entry : commands.find(Filters.in("_id", chunk))
                    .projection(Projections.include("status", "acceptedAt", "completedAt"))) {
                finished.put(
                        entry.getString("_id"),
                        new Finished(
                                entry.getString("status"),
                                instant(entry.get("acceptedAt")),
                                instant(entry.get("completedAt"))));
            }
        }
        return finished;
    }

    /** Post documents per post id, counted; an id with more than one would be a duplicate. */
    Map<String, Integer> postCopies(List<String> postIds) {
        Map<String, Integer> copies = new HashMap<>();
        for (List<String> chunk : chunks(postIds)) {
            for (Document post : posts.find(Filters.in("_id", chunk)).projection(Projections.include("_id"))) {
                copies.merge(post.getString("_id"), 1, Integer::sum);
            }
        }
        return copies;
    }

    private static Instant instant(Object value) {
        if (value instanceof Date date) {
            return date.toInstant();
        }
        return value == null ? null : Instant.parse(value.toString());
    }

    private static List<List<String>> chunks(List<String> ids) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + CHUNK)));
        }
        return chunks;
    }
}
