package dev.flock.edge.timeline;

import dev.flock.edge.post.PostReadModel;
import dev.flock.edge.post.PostView;
import dev.flock.edge.read.ReadCircuitBreaker;
import dev.flock.edge.web.Page;
import dev.flock.edge.web.PageRequest;
import dev.flock.timelines.CachedPost;
import dev.flock.timelines.TimelineEntry;
import dev.flock.timelines.TimelineStore;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Pages of home timelines. The hot path touches Redis only: a page of entries (the fanned-out timeline merged with the
 * big authors the reader follows), hydrated from the post cache; a post the cache misses is read from the posts read
 * model and cached. While Redis is unreachable (its circuit open), pages are merged from the projector's durable state
 * in MongoDB instead: slower, the same posts.
 */
public class HomeTimelines {

    private static final Logger log = LoggerFactory.getLogger(HomeTimelines.class);

    /** Where pages come from: {@code redis}, or {@code durable} while Redis cannot be read. */
    public enum Mode {
        REDIS,
        DURABLE
    }

    private final TimelineStore store;
    private final PostReadModel posts;
    private final CircuitBreaker redis;
    private final ReadCircuitBreaker mongo;

    public HomeTimelines(TimelineStore store, PostReadModel posts, CircuitBreaker redis, ReadCircuitBreaker mongo) {
        this.store = store;
        this.posts = posts;
        this.redis = redis;
        this.mongo = mongo;
    }

    public Mode mode() {
        return redis.getState() == CircuitBreaker.State.CLOSED ? Mode.REDIS : Mode.DURABLE;
    }

    Page<PostView> page(String accountId, PageRequest page) {
        List<TimelineEntry> entries = fromRedis(() -> store.pages().page(accountId, page.before(), page.fetchSize()))
                .orElseGet(() -> durablePage(accountId, page));
        Page<TimelineEntry> ids = Page.of(entries, page.limit(), TimelineEntry::postId);
        List<String> postIds = ids.items().stream().map(TimelineEntry::postId).toList();
        Map<String, PostView> found = hydrate(postIds);
        return new Page<>(
                postIds.stream().map(found::get).filter(Objects::nonNull).toList(), ids.next());
    }

    private List<TimelineEntry> durablePage(String accountId, PageRequest page) {
        return mongo.read(() -> store.durable().merged(accountId)).stream()
                .filter(entry -> page.before() == null || entry.postId().compareTo(page.before()) < 0)
                .limit(page.fetchSize())
                .toList();
    }

    /** The posts that exist, by id: from the cache, what it misses from the read model (then cached). */
    private Map<String, PostView> hydrate(List<String> postIds) {
        Map<String, Optional<CachedPost>> cached =
                fromRedis(() -> store.posts().get(postIds)).orElseGet(Map::of);
        Map<String, PostView> found = new HashMap<>();
        cached.forEach((id, post) -> post.ifPresent(p -> found.put(id, view(p))));
        List<String> missed =
                postIds.stream().filter(id -> !cached.containsKey(id)).toList();
        if (!missed.isEmpty()) {
            Map<String, PostView> loaded = posts.byIds(missed);
            found.putAll(loaded);
            List<CachedPost> fill =
                    loaded.values().stream().map(HomeTimelines::cached).toList();
            fromRedis(() -> {
                store.posts().fill(fill);
                return true;
            });
        }
        return found;
    }

    /** @return empty when Redis cannot be read: the caller takes the durable way */
    private <T> Optional<T> fromRedis(java.util.function.Supplier<T> read) {
        try {
            return Optional.of(redis.executeSupplier(read));
        } catch (CallNotPermittedException | DataAccessException e) {
            log.debug("Redis unavailable, reading the durable state: {}", e.toString());
            return Optional.empty();
        }
    }

    private static PostView view(CachedPost post) {
        return new PostView(post.id(), post.authorId(), post.authorUsername(), post.text(), post.createdAt());
    }

    private static CachedPost cached(PostView post) {
        return new CachedPost(post.id(), post.authorId(), post.authorUsername(), post.text(), post.createdAt());
    }
}
