package dev.flock.timeline;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.ReadModels;
import dev.flock.contracts.event.AccountFollowed;
import dev.flock.contracts.event.AccountUnfollowed;
import dev.flock.contracts.event.PostCreated;
import dev.flock.contracts.event.PostDeleted;
import dev.flock.timeline.graph.FollowGraph;
import dev.flock.timeline.home.BigAuthors;
import dev.flock.timeline.home.DeletedPosts;
import dev.flock.timeline.home.Timelines;
import dev.flock.timelines.CachedPost;
import dev.flock.timelines.RedisFollowing;
import dev.flock.timelines.RedisTimelines;
import dev.flock.timelines.TimelineEntry;
import dev.flock.timelines.TimelineKeys;
import dev.flock.timelines.TimelineStore;
import dev.flock.timelines.TimelineStoreProperties;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.stereotype.Component;

/**
 * Home timelines, fan-out on write into Redis, from durable state in MongoDB. A new post goes into its author's
 * recent posts (durable, what timelines are rebuilt from), its author's timeline and every follower's; an author with
 * more followers than the fan-out limit is not fanned out: readers merge its posts in when they read. Following
 * someone merges their recent posts in; unfollowing takes them out; a deleted post leaves every timeline.
 *
 * <p>Competing consumers may apply a post's create and its delete, or a post and an unfollow, at the same time.
 * Each handler writes its own fact first (the tombstone, the unfollowed edge) and then looks for the other's, so
 * whichever runs second sees the first and cleans up.
 */
@Component
class TimelineProjection implements InitializingBean {

    private static final int FAN_OUT_BATCH = 500;

    private final FollowGraph graph;
    private final Timelines authorTimelines;
    private final DeletedPosts deletedPosts;
    private final BigAuthors bigAuthors;
    private final RedisTimelines timelines;
    private final RedisFollowing following;
    private final TimelineKeys keys;
    private final TimelineStore store;
    private final DistributionSummary fanOutSize;
    private final Timer fanOutTime;

    TimelineProjection(
            FollowGraph graph,
            MongoOperations mongo,
            TimelineStore store,
            TimelineStoreProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.graph = graph;
        this.authorTimelines = new Timelines(mongo, ReadModels.Timelines.AUTHOR_TIMELINES, properties.capacity());
        this.deletedPosts = new DeletedPosts(mongo);
        this.bigAuthors = new BigAuthors(mongo, graph, store.following(), properties.fanOutLimit(), clock);
        this.timelines = store.timelines();
        this.following = store.following();
        this.keys = store.keys();
        this.store = store;
        this.fanOutSize = DistributionSummary.builder("flock.timeline.fan-out.size")
                .description("home timelines a new post was written to on write (its followers'; 0 for a big author)")
                .register(meters);
        this.fanOutTime = Timer.builder("flock.timeline.fan-out")
                .description("time to write a new post into every home timeline it belongs to")
                .register(meters);
    }

    @Override
    public void afterPropertiesSet() {
        authorTimelines.createIndexes();
    }

    void onPostCreated(Envelope<PostCreated> event) {
        PostCreated post = event.payload();
        if (deletedPosts.contains(post.postId())) {
            return;
        }
        TimelineEntry entry = new TimelineEntry(post.postId(), post.authorId());
        // Durable first: a rebuild that misses the fan-out below finds the post here.
        authorTimelines.add(List.of(post.authorId()), entry);
        store.posts()
                .fill(List.of(new CachedPost(
                        post.postId(), post.authorId(), post.authorUsername(), post.text(), post.createdAt())));
        timelines.add(List.of(keys.author(post.authorId()), keys.home(post.authorId())), entry);
        Timer.Sample fanOut = Timer.start();
        fanOutSize.record(bigAuthors
                .fanOutTargets(post.authorId())
                .map(followers -> fanOut(followers, post.authorId(), entry))
                .orElse(0));
        fanOut.stop(fanOutTime);
        if (deletedPosts.contains(post.postId())) {
            removeEverywhere(entry);
        }
    }

    void onPostDeleted(Envelope<PostDeleted> event) {
        PostDeleted post = event.payload();
        deletedPosts.add(post.postId(), post.deletedAt());
        store.posts().markDeleted(post.postId());
        removeEverywhere(new TimelineEntry(post.postId(), post.authorId()));
    }

    void onAccountFollowed(Envelope<AccountFollowed> event) {
        AccountFollowed follow = event.payload();
        String follower = follow.followerId();
        if (!graph.set(follower, follow.followeeId(), true, follow.version())) {
            return;
        }
        following.follow(follower, follow.followeeId());
        List<TimelineEntry> recent =
                bigAuthors.isMarked(follow.followeeId()) ? List.of() : authorTimelines.read(follow.followeeId());
        timelines.merge(keys.home(follower), recent);
        if (!graph.follows(follower, follow.followeeId())) {
            unfollowInRedis(follower, follow.followeeId());
            return;
        }
        List<String> postIds = recent.stream().map(TimelineEntry::postId).toList();
        List<String> deleted = deletedPosts.among(postIds);
        timelines.remove(
                keys.home(follower),
                recent.stream()
                        .filter(entry -> deleted.contains(entry.postId()))
                        .toList());
    }

    void onAccountUnfollowed(Envelope<AccountUnfollowed> event) {
        AccountUnfollowed unfollow = event.payload();
        if (graph.set(unfollow.followerId(), unfollow.followeeId(), false, unfollow.version())) {
            unfollowInRedis(unfollow.followerId(), unfollow.followeeId());
        }
    }

    /**
     * Into every follower's timeline, {@value FAN_OUT_BATCH} timelines per pipelined round trip.
     *
     * @return how many timelines it was written to
     */
    private int fanOut(List<String> followers, String authorId, TimelineEntry entry) {
        return inBatches(followers.stream(), batch -> {
            timelines.add(batch.stream().map(keys::home).toList(), entry);
            timelines.remove(
                    graph.unfollowedAmong(batch, authorId).stream()
                            .map(keys::home)
                            .toList(),
                    entry);
        });
    }

    private void unfollowInRedis(String followerId, String followeeId) {
        following.unfollow(followerId, followeeId);
        timelines.removeAuthor(keys.home(followerId), followeeId);
    }

    private void removeEverywhere(TimelineEntry entry) {
        authorTimelines.removePost(List.of(entry.authorId()), entry.postId());
        timelines.remove(List.of(keys.author(entry.authorId()), keys.home(entry.authorId())), entry);
        try (Stream<String> followers = graph.followers(entry.authorId())) {
            inBatches(
                    followers,
                    batch -> timelines.remove(batch.stream().map(keys::home).toList(), entry));
        }
    }

    /** @return how many owners there were */
    private static int inBatches(Stream<String> owners, Consumer<List<String>> action) {
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
