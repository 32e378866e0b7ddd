package dev.flock.timelines;

import dev.flock.contracts.ReadModels;

/** The Redis keys of one installation (or one test), all under its prefix. */
public record TimelineKeys(String prefix) {

    public static TimelineKeys of(TimelineStoreProperties properties) {
        return new TimelineKeys(properties.keyPrefix());
    }

    public String home(String accountId) {
        return ReadModels.Redis.homeTimeline(prefix, accountId);
    }

    public String following(String accountId) {
        return ReadModels.Redis.following(prefix, accountId);
    }

    public String bigAuthors() {
        return ReadModels.Redis.bigAuthors(prefix);
    }

    public String author(String authorId) {
        return ReadModels.Redis.authorTimeline(prefix, authorId);
    }

    public String post(String postId) {
        return ReadModels.Redis.post(prefix, postId);
    }
}
