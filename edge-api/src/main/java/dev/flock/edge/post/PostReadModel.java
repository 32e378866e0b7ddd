package dev.flock.edge.post;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.contracts.ReadModels.Posts;
import dev.flock.edge.read.ReadCircuitBreaker;
import dev.flock.edge.web.Page;
import dev.flock.edge.web.PageRequest;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.mapping.Field;
import org.springframework.data.mongodb.core.query.Criteria;

/**
 * Reads the post worker's database (read-only), by the names the post worker writes under ({@link Posts}). Deleted
 * posts are never returned.
 */
public class PostReadModel {

    @Document(Posts.POSTS)
    record PostRow(
            @Id String id,
            @Field(Posts.AUTHOR_ID) String authorId,
            @Field(Posts.AUTHOR_USERNAME) String authorUsername,
            @Field(Posts.TEXT) String text,
            @Field(Posts.CREATED_AT) Instant createdAt,
            @Field(Posts.DELETED) boolean deleted) {}

    private final MongoOperations mongo;
    private final ReadCircuitBreaker guard;

    public PostReadModel(MongoOperations mongo, ReadCircuitBreaker guard) {
        this.mongo = mongo;
        this.guard = guard;
    }

    /** By {@code _id} alone, deleted ones dropped here (the embedded store scans otherwise: docs/architecture.md). */
    public Optional<PostView> byId(String id) {
        return guard.read(() -> Optional.ofNullable(mongo.findById(id, PostRow.class)))
                .filter(row -> !row.deleted())
                .map(PostReadModel::view);
    }

    /** The posts with these ids that still exist (by {@code _id} alone, as above). */
    public Map<String, PostView> byIds(Collection<String> ids) {
        return guard.read(() -> mongo.find(query(where("_id").in(ids)), PostRow.class)).stream()
                .filter(row -> !row.deleted())
                .map(PostReadModel::view)
                .collect(Collectors.toMap(PostView::id, Function.identity()));
    }

    /** An author's posts, newest first: post ids sort by creation time. */
    Page<PostView> byAuthor(String authorId, PageRequest page) {
        Criteria criteria =
                where(Posts.AUTHOR_ID).is(authorId).and(Posts.DELETED).is(false);
        if (page.before() != null) {
            criteria = criteria.and("_id").lt(page.before());
        }
        var newestFirst =
                query(criteria).with(Sort.by(Sort.Direction.DESC, "_id")).limit(page.fetchSize());
        var rows = guard.read(() -> mongo.find(newestFirst, PostRow.class));
        return Page.of(rows, page.limit(), PostRow::id).map(PostReadModel::view);
    }

    private static PostView view(PostRow row) {
        return new PostView(row.id(), row.authorId(), row.authorUsername(), row.text(), row.createdAt());
    }
}
