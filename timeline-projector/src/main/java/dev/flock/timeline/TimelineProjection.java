package dev.flock.timeline;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.event.AccountFollowed;
import dev.flock.contracts.event.AccountUnfollowed;
import dev.flock.contracts.event.PostCreated;
import dev.flock.contracts.event.PostDeleted;
import dev.flock.timeline.graph.FollowGraph;
import dev.flock.timeline.home.DeletedPosts;
import dev.flock.timeline.home.TimelineEntry;
import dev.flock.timeline.home.Timelines;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.stereotype.Component;

/**
 * Home timelines, fan-out on write. A new post goes into its author's timeline and every follower's; following
 * someone merges their recent posts in; unfollowing takes them out; a deleted post leaves every timeline.
 *
 * <p>Competing consumers may apply a post's create and its delete, or a post and an unfollow, at the same time.
 * Each handler writes its own fact first (the tombstone, the unfollowed edge) and then looks for the other's, so
 * whichever runs second sees the first and cleans up.
 */
@Component
class TimelineProjection implements InitializingBean {

    static final String HOME_TIMELINES = "home-timelines";

    /** Each author's own recent posts: what a new follower's timeline is filled from. */
    static final String AUTHOR_TIMELINES = "author-timelines";

    private static final int FAN_OUT_BATCH = 500;

    private final FollowGraph graph;
    private final Timelines homeTimelines;
    private final Timelines authorTimelines;
    private final DeletedPosts deletedPosts;
    private final DistributionSummary fanOutSize;
    private final Timer fanOutTime;

    TimelineProjection(FollowGraph graph, MongoOperations mongo, TimelineProperties properties, MeterRegistry meters) {
        this.graph = graph;
        this.homeTimelines = new Timelines(mongo, HOME_TIMELINES, properties.capacity());
        this.authorTimelines = new Timelines(mongo, AUTHOR_TIMELINES, properties.capacity());
        this.deletedPosts = new DeletedPosts(mongo);
        this.fanOutSize = DistributionSummary.builder("flock.timeline.fan-out.size")
                .description("home timelines a new post was written to (its author's and its followers')")
                .register(meters);
        this.fanOutTime = Timer.builder("flock.timeline.fan-out")
                .description("time to write a new post into every home timeline it belongs to")
                .register(meters);
    }

    @Override
    public void afterPropertiesSet() {
        homeTimelines.createIndexes();
        authorTimelines.createIndexes();
    }

    void onPostCreated(Envelope<PostCreated> event) {
        PostCreated post = event.payload();
        if (deletedPosts.contains(post.postId())) {
            return;
        }
        TimelineEntry entry = new TimelineEntry(post.postId(), post.authorId());
        authorTimelines.add(List.of(post.authorId()), entry);
        Timer.Sample fanOut = Timer.start();
        try (Stream<String> followers = graph.followers(post.authorId())) {
            int timelines = inBatches(Stream.concat(Stream.of(post.authorId()), followers), owners -> {
                homeTimelines.add(owners, entry);
                homeTimelines.removePost(graph.unfollowedAmong(owners, post.authorId()), post.postId());
            });
            fanOutSize.record(timelines);
        }
        fanOut.stop(fanOutTime);
        if (deletedPosts.contains(post.postId())) {
            removeEverywhere(post.postId(), post.authorId());
        }
    }

    void onPostDeleted(Envelope<PostDeleted> event) {
        PostDeleted post = event.payload();
        deletedPosts.add(post.postId(), post.deletedAt());
        removeEverywhere(post.postId(), post.authorId());
    }

    void onAccountFollowed(Envelope<AccountFollowed> event) {
        AccountFollowed follow = event.payload();
        if (!graph.set(follow.followerId(), follow.followeeId(), true, follow.version())) {
            return;
        }
        List<TimelineEntry> recent = authorTimelines.read(follow.followeeId());
        homeTimelines.merge(follow.followerId(), recent);
        if (!graph.follows(follow.followerId(), follow.followeeId())) {
            homeTimelines.removeAuthor(follow.followerId(), follow.followeeId());
            return;
        }
        List<String> postIds = recent.stream().map(TimelineEntry::postId).toList();
        homeTimelines.removePosts(follow.followerId(), deletedPosts.among(postIds));
    }

    void onAccountUnfollowed(Envelope<AccountUnfollowed> event) {
        AccountUnfollowed unfollow = event.payload();
        if (graph.set(unfollow.followerId(), unfollow.followeeId(), false, unfollow.version())) {
            homeTimelines.removeAuthor(unfollow.followerId(), unfollow.followeeId());
        }
    }

    private void removeEverywhere(String postId, String authorId) {
        authorTimelines.removePost(List.of(authorId), postId);
        homeTimelines.removePost(postId);
    }

    /** @return how many owners there were */
    private static int inBatches(Stream<String> owners, java.util.function.Consumer<List<String>> action) {
        int count = 0;
        Iterator<String> iterator = owners.iterator();
        List<String> batch = new ArrayList<>(FAN_OUT_BATCH);
        while (iterator.hasNext()) {
            batch.add(iterator.next());
            count++;
            if (batch.size() == FAN_OUT_BATCH || !iterator.hasNext()) {
                action.accept(List.copyOf(batch));
                batch.clear();
            }
        }
        return count;
    }
}
