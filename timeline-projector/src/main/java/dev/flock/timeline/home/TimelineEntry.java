package dev.flock.timeline.home;

import org.bson.Document;

/** One post in a timeline. Post ids sort by creation time, so sorting by id sorts newest first. */
public record TimelineEntry(String postId, String authorId) {

    Document toDocument() {
        return new Document("postId", postId).append("authorId", authorId);
    }

    static TimelineEntry of(Document document) {
        return new TimelineEntry(document.getString("postId"), document.getString("authorId"));
    }
}
