package dev.flock.timeline.home;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.contracts.ReadModels;
import dev.flock.timeline.Race;
import dev.flock.timeline.TestStore;
import dev.flock.timelines.TimelineEntry;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Two replicas adding to the same author timeline (the durable lists) at the same moment, against the real store. */
class TimelinesIT {

    private static final String COLLECTION = ReadModels.Timelines.AUTHOR_TIMELINES;
    private static final List<TimelineEntry> RECENT = List.of(entry("p-3"), entry("p-2"), entry("p-1"));

    private static TestStore store;
    private static MongoTemplate mongo;
    private static Timelines timelines;

    @BeforeAll
    static void start() {
        store = TestStore.start();
        mongo = store.template();
        timelines = new Timelines(mongo, COLLECTION, 10);
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void aMergeRacingAnAddOfOneOfItsPostsLeavesThatPostOnce() {
        List<String> timelinesWithAPostTwice = raceOnNewTimelines(
                owner -> timelines.merge(owner, RECENT), owner -> timelines.add(List.of(owner), entry("p-2")));

        assertThat(timelinesWithAPostTwice).isEmpty();
    }

    @Test
    void theSameMergeTwiceAtOnceLeavesEveryPostOnce() {
        List<String> timelinesWithAPostTwice =
                raceOnNewTimelines(owner -> timelines.merge(owner, RECENT), owner -> timelines.merge(owner, RECENT));

        assertThat(timelinesWithAPostTwice).isEmpty();
    }

    @Test
    void twoPostsAddedAtOnceToANewTimelineAreBothKept() {
        List<String> timelinesMissingAPost = Race.manyTimes(i -> {
            String owner = "owner-" + UUID.randomUUID();
            Race.between(
                    () -> timelines.add(List.of(owner), entry("p-1")),
                    () -> timelines.add(List.of(owner), entry("p-2")));
            return postIds(owner).equals(List.of("p-2", "p-1")) ? null : owner + " " + postIds(owner);
        });

        assertThat(timelinesMissingAPost).isEmpty();
    }

    /** @return the timelines, with their post ids, in which the race left a post twice */
    private static List<String> raceOnNewTimelines(Consumer<String> first, Consumer<String> second) {
        return Race.manyTimes(i -> {
            String owner = "owner-" + UUID.randomUUID();
            Race.between(() -> first.accept(owner), () -> second.accept(owner));
            List<String> postIds = postIds(owner);
            return postIds.stream().distinct().count() == postIds.size() ? null : owner + " " + postIds;
        });
    }

    private static TimelineEntry entry(String postId) {
        return new TimelineEntry(postId, "author");
    }

    private static List<String> postIds(String owner) {
        Document timeline = mongo.findById(owner, Document.class, COLLECTION);
        return timeline == null
                ? List.of()
                : timeline.getList("entries", Document.class).stream()
                        .map(entry -> entry.getString("postId"))
                        .toList();
    }
}
