package dev.flock.post;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A post as stored. A deleted post keeps its document without its text, so a redelivered create cannot bring it
 * back and a redelivered delete can be recognised by {@code deletedBy}. A delete that arrives before its create
 * leaves a tombstone: deleted, no {@code createdBy}, and {@code authorId} the account that asked for the deletion.
 */
@Document(PostDocument.COLLECTION)
record PostDocument(
        @Id String id,
        String authorId,
        String authorUsername,
        String text,
        Instant createdAt,
        String createdBy,
        boolean deleted,
        String deletedBy,
        Instant deletedAt) {

    static final String COLLECTION = "posts";

    static PostDocument tombstone(String postId, String deletedByAccount, String deleteCommandId, Instant deletedAt) {
        return new PostDocument(postId, deletedByAccount, null, null, null, null, true, deleteCommandId, deletedAt);
    }

    boolean isTombstone() {
        return createdBy == null;
    }
}
