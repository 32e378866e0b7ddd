package dev.flock.timelines;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.contracts.ReadModels.Timelines;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Reads the projector's durable state (its MongoDB database): whom each account follows, each author's recent posts,
 * tombstones and big authors. Home timelines are rebuilt from it, and the edge reads pages from it while Redis is
 * unreachable.
 */
public final class DurableTimelines {

    private final MongoOperations mongo;
    private final int capacity;
    private final FollowPages pages;

    public DurableTimelines(MongoOperations mongo, int capacity) {
        this.mongo = mongo;
        this.capacity = capacity;
        this.pages = new FollowPages(mongo);
    }

    /** Whom the account follows: its pages, by {@code _id} ({@link FollowPages}). */
    public List<String> followees(String accountId) {
        try (Stream<String> followees = pages.followees(accountId)) {
            return followees.toList();
        }
    }

    /** The authors' recent posts, all in one list, in no particular order. */
    public List<TimelineEntry> recentPosts(Collection<String> authorIds) {
        if (authorIds.isEmpty()) {
            return List.of();
        }
        List<TimelineEntry> entries = new ArrayList<>();
        mongo.find(query(where("_id").in(authorIds)), Document.class, Timelines.AUTHOR_TIMELINES)
                .forEach(timeline -> timeline.getList(Timelines.ENTRIES, Document.class, List.of()).stream()
                        .map(entry -> new TimelineEntry(
                                entry.getString(Timelines.POST_ID), entry.getString(Timelines.AUTHOR_ID)))
                        .forEach(entries::add));
        return entries;
    }

    public Set<String> deletedAmong(Collection<String> postIds) {
        return ids(query(where("_id").in(postIds)), Timelines.DELETED_POSTS);
    }

    public Set<String> bigAmong(Collection<String> authorIds) {
        return ids(query(where("_id").in(authorIds)), Timelines.BIG_AUTHORS);
    }

    public Set<String> bigAuthors() {
        return ids(new Query(), Timelines.BIG_AUTHORS);
    }

    /** Every account the projector knows: followers and authors. The caller closes the stream. */
    public Stream<String> accounts() {
        Query followers = new Query();
        followers.fields().include(Timelines.FOLLOWER_ID);
        Query authors = new Query();
        authors.fields().include("_id");
        return Stream.concat(
                        mongo.stream(followers, Document.class, Timelines.FOLLOWS)
                                .map(edge -> edge.getString(Timelines.FOLLOWER_ID)),
                        mongo.stream(authors, Document.class, Timelines.AUTHOR_TIMELINES)
                                .map(timeline -> timeline.getString("_id")))
                .distinct();
    }

    /**
     * What an account's home timeline holds by the durable state: the newest {@code capacity} posts of the account
     * and of everyone it follows (big authors included), without deleted ones, newest first. This is what a page
     * read from Redis shows, computed the slow way.
     */
    public List<TimelineEntry> merged(String accountId) {
        List<String> authors = new ArrayList<>(followees(accountId));
        authors.add(accountId);
        return newest(recentPosts(authors));
    }

    /** The newest {@code capacity} of these entries, each post once, deleted ones left out. */
    public List<TimelineEntry> newest(List<TimelineEntry> entries) {
        Set<String> deleted =
                deletedAmong(entries.stream().map(TimelineEntry::postId).toList());
        return new LinkedHashSet<>(entries)
                .stream()
                        .filter(entry -> !deleted.contains(entry.postId()))
                        .sorted(TimelineEntry.NEWEST_FIRST)
                        .limit(capacity)
                        .toList();
    }

    private Set<String> ids(Query query, String collection) {
        query.fields().include("_id");
        Set<String> ids = new LinkedHashSet<>();
        mongo.find(query, Document.class, collection).forEach(document -> ids.add(document.getString("_id")));
        return ids;
    }
}
