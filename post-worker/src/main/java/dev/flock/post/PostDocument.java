package dev.flock.post;

import dev.flock.contracts.ReadModels.Posts;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.mapping.Field;

/**
 * A post as stored. A deleted post keeps its document without its text, so a redelivered create cannot bring it
 * back and a redelivered delete can be recognised by {@code deletedBy}. A delete that arrives before its create
 * leaves a tombstone: deleted, no {@code createdBy}, and {@code authorId} the account that asked for the deletion.
 * The fields other services read are named in {@link Posts}.
 */
@Document(PostDocument.COLLECTION)
record PostDocument(
        @Id String id,
        @Field(Posts.AUTHOR_ID) String authorId,
        @Field(Posts.AUTHOR_USERNAME) String authorUsername,
        @Field(Posts.TEXT) String text,
        @Field(Posts.CREATED_AT) Instant createdAt,
        String createdBy,
        @Field(Posts.DELETED) boolean deleted,
        String deletedBy,
        Instant deletedAt) {

    static final String COLLECTION = Posts.POSTS;

    static PostDocument tombstone(String postId, String deletedByAccount, String deleteCommandId, Instant deletedAt) {
        return new PostDocument(postId, deletedByAccount, null, null, null, null, true, deleteCommandId, deletedAt);
    }

    boolean isTombstone() {
        return createdBy == null;
    }
}
