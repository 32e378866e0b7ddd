package dev.flock.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.flock.admin.AdminTool.Run;
import dev.flock.contracts.ReadModels.Timelines;
import dev.flock.testsupport.ProjectorGraph;
import dev.flock.testsupport.TestInfrastructure;
import dev.flock.timelines.RedisTimelines;
import dev.flock.timelines.TimelineEntry;
import dev.flock.timelines.TimelineKeys;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@code bin/flock timelines rebuild} as an operator runs it after Redis lost the timelines: the projector's durable
 * state is written here as the projector leaves it, and the timelines are read back from Redis.
 */
class TimelinesRebuildIT {

    private static final TestInfrastructure infrastructure = TestInfrastructure.start();
    private static final MongoClient mongoClient =
            MongoClients.create(infrastructure.mongo().uri());
    /** Redis as the tool reaches it: the same Spring Boot settings (SPRING_DATA_REDIS_* included). */
    private static final ConfigurableApplicationContext redisContext = new SpringApplicationBuilder(
                    RedisAutoConfiguration.class)
            .web(WebApplicationType.NONE)
            .properties("spring.main.banner-mode=off")
            .run();

    private final AdminTool tool = new AdminTool(infrastructure);
    private final MongoTemplate durable = new MongoTemplate(mongoClient, Timelines.DATABASE);
    private final TimelineKeys keys =
            new TimelineKeys(infrastructure.properties().get("flock.timeline.key-prefix"));
    private final RedisTimelines redis = new RedisTimelines(redisContext.getBean(StringRedisTemplate.class), 800);

    // Fresh ids in every test: Redis is shared by the tests of this class (one prefix).
    private final String reader = id("reader");
    private final String other = id("other");
    private final String alice = id("alice");
    private final String bob = id("bob");
    private final TimelineEntry first = entry("1", alice);
    private final TimelineEntry second = entry("2", bob);
    private final TimelineEntry deleted = entry("3", alice);
    private final TimelineEntry newest = entry("4", alice);
    /** In the reader's timeline in Redis, but not in the durable state (an author the reader unfollowed). */
    private final TimelineEntry stale = entry("0", id("unfollowed"));

    @AfterAll
    static void close() {
        redisContext.close();
        mongoClient.close();
    }

    /** The reader follows Alice and Bob, the other reader Alice; Alice deleted one post. Redis lost all of it. */
    @BeforeEach
    void durableState() {
        durable.getDb().drop();
        follow(reader, alice);
        follow(reader, bob);
        follow(other, alice);
        durable.insert(authorTimeline(alice, newest, deleted, first), Timelines.AUTHOR_TIMELINES);
        durable.insert(authorTimeline(bob, second), Timelines.AUTHOR_TIMELINES);
        durable.insert(new Document("_id", deleted.postId()), Timelines.DELETED_POSTS);
        redis.merge(keys.home(reader), List.of(stale));
    }

    @Test
    void rebuildingOneAccountRestoresItsTimelineFromTheDurableStateAndLeavesOthersAlone() throws Exception {
        JsonNode report = tool.run("timelines", "rebuild", "--account", reader).json();

        assertThat(redis.read(keys.home(reader))).containsExactly(newest, second, first);
        assertThat(redis.read(keys.home(other))).isEmpty();
        assertThat(report.get("accountId").asText()).isEqualTo(reader);
        assertThat(report.get("entries").asInt()).isEqualTo(3);
        assertThat(report.get("added").asInt()).isEqualTo(3);
        assertThat(report.get("removed").asInt()).isEqualTo(1);
    }

    @Test
    void rebuildingEveryAccountRestoresEveryTimelineAndShowsItsProgressOnStderr() throws Exception {
        Run run = tool.run("timelines", "rebuild");

        JsonNode report = run.json();
        assertThat(redis.read(keys.home(reader))).containsExactly(newest, second, first);
        assertThat(redis.read(keys.home(other))).containsExactly(newest, first);
        assertThat(redis.read(keys.home(alice))).containsExactly(newest, first);
        assertThat(redis.read(keys.home(bob))).containsExactly(second);
        // Two readers and two authors: every account the durable state knows.
        assertThat(report.get("accounts").asLong()).isEqualTo(4);
        assertThat(report.get("entries").asLong()).isEqualTo(3 + 2 + 2 + 1);
        assertThat(report.get("added").asLong()).isEqualTo(8);
        assertThat(report.get("removed").asLong()).isEqualTo(1);
        assertThat(report.get("dryRun").asBoolean()).isFalse();
        assertThat(run.err()).contains("rebuild of home timelines: 4/4 accounts (100%)", "done in");
    }

    @Test
    void aDryRunChangesNothingAndReportsWhatARebuildWouldChange() throws Exception {
        Run all = tool.run("timelines", "rebuild", "--dry-run");
        JsonNode one = tool.run("timelines", "rebuild", "--account", reader, "--dry-run")
                .json();

        assertThat(redis.read(keys.home(reader))).containsExactly(stale);
        assertThat(redis.read(keys.home(other))).isEmpty();
        JsonNode report = all.json();
        assertThat(report.get("dryRun").asBoolean()).isTrue();
        assertThat(report.get("accounts").asLong()).isEqualTo(4);
        assertThat(report.get("added").asLong()).isEqualTo(8);
        assertThat(report.get("removed").asLong()).isEqualTo(1);
        assertThat(all.err()).contains("dry run rebuild of home timelines: 4/4 accounts (100%)");
        assertThat(one.get("added").asInt()).isEqualTo(3);
        assertThat(one.get("removed").asInt()).isEqualTo(1);
    }

    private void follow(String follower, String followee) {
        new ProjectorGraph(durable).follow(follower, followee);
    }

    /** As the projector keeps an author's recent posts: newest first. */
    private static Document authorTimeline(String authorId, TimelineEntry... entries) {
        return new Document("_id", authorId)
                .append(
                        Timelines.ENTRIES,
                        List.of(entries).stream()
                                .map(entry -> new Document(Map.of(
                                        Timelines.POST_ID, entry.postId(), Timelines.AUTHOR_ID, entry.authorId())))
                                .toList());
    }

    /** Post ids sort by creation time: a common stem and a last character in posting order. */
    private TimelineEntry entry(String order, String authorId) {
        return new TimelineEntry(reader + "-post" + order, authorId);
    }

    private static String id(String name) {
        return name + "-" + UUID.randomUUID();
    }
}
