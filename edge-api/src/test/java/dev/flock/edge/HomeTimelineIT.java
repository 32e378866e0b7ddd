package dev.flock.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flock.contracts.ReadModels;
import dev.flock.edge.EdgeClient.Response;
import dev.flock.edge.auth.Passwords;
import dev.flock.testsupport.FaultyLink;
import dev.flock.testsupport.ProjectorGraph;
import dev.flock.testsupport.TestInfrastructure;
import dev.flock.timelines.CachedPost;
import dev.flock.timelines.TimelineEntry;
import dev.flock.timelines.TimelineStore;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code GET /timelines/home} against the real Redis (reached through a link the test can cut) and MongoDB, with the
 * timelines and durable state written as the projector writes them.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + EdgeApiApplication.NAME, "flock.timeline.capacity=5"})
// Redis cut goes last: Redis's circuit stays open a while after the link is back.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HomeTimelineIT {

    static final TestInfrastructure infrastructure = TestInfrastructure.start();
    static final FaultyLink redisLink = FaultyLink.to("127.0.0.1", 6379);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        infrastructure.register(registry);
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", redisLink::port);
    }

    @LocalServerPort
    int port;

    @Autowired
    Passwords passwords;

    @Autowired
    @Qualifier("accountsDatabase")
    MongoTemplate accounts;

    @Autowired
    @Qualifier("postsDatabase")
    MongoTemplate posts;

    @Autowired
    @Qualifier("timelinesDatabase")
    MongoTemplate projectorDatabase;

    @Autowired
    TimelineStore store;

    @Autowired
    HealthContributorRegistry healthContributors;

    private EdgeClient edge;
    private WorkerDocuments stored;

    @BeforeEach
    void connect() {
        edge = new EdgeClient(port);
        stored = new WorkerDocuments(accounts, posts, passwords);
    }

    @AfterEach
    void restore() {
        redisLink.restore();
    }

    @Test
    void aPageIsReadFromRedisAndItsPostsAreCachedOnAMiss() {
        Reader reader = reader();
        String author = stored.account("author_" + suffix(), "correct horse");
        String older = stored.post(author, "author", "older");
        String newer = stored.post(author, "author", "newer");
        fanOut(reader.id(), author, older, newer);

        assertThat(texts(page(reader, ""))).containsExactly("newer", "older");
        assertThat(store.posts().get(List.of(older, newer))).containsOnlyKeys(older, newer);
    }

    @Test
    void aCachedPostIsServedWithoutTheReadModelAndAPostMarkedDeletedIsLeftOut() {
        Reader reader = reader();
        String cachedOnly = "post-only-in-the-cache-" + suffix();
        String deleted = stored.post(reader.id(), "reader", "deleted since");
        store.posts().fill(List.of(new CachedPost(cachedOnly, "someone", "someone", "from the cache", Instant.now())));
        store.posts().markDeleted(deleted);
        fanOut(reader.id(), "someone", cachedOnly);
        fanOut(reader.id(), reader.id(), deleted);

        assertThat(texts(page(reader, ""))).containsExactly("from the cache");
    }

    @Test
    void aBigAuthorsPostsAreMergedIntoTheFollowersPagesWithTheSameCursors() {
        Reader reader = reader();
        String small = stored.account("small_" + suffix(), "correct horse");
        String big = stored.account("big_" + suffix(), "correct horse");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String author = i % 2 == 0 ? small : big;
            ids.add(stored.post(author, "author", "post " + i));
            if (author.equals(small)) {
                fanOut(reader.id(), small, ids.get(i));
            } else {
                store.timelines().merge(store.keys().author(big), List.of(new TimelineEntry(ids.get(i), big)));
            }
        }
        store.following().follow(reader.id(), big);
        store.following().markBig(List.of(big));

        JsonNode first = page(reader, "?limit=3");
        JsonNode second = page(reader, "?limit=3&before=" + first.get("next").asText());

        assertThat(texts(first)).containsExactly("post 5", "post 4", "post 3");
        // The cap (5 here) holds for the merged view too: the sixth newest is not shown.
        assertThat(texts(second)).containsExactly("post 2", "post 1");
        assertThat(second.get("next").isNull()).isTrue();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void whileRedisIsUnreachableThePageIsMergedFromTheDurableState() {
        Reader reader = reader();
        String author = stored.account("author_" + suffix(), "correct horse");
        String own = stored.post(reader.id(), "reader", "own");
        String followed = stored.post(author, "author", "followed");
        new ProjectorGraph(projectorDatabase).follow(reader.id(), author);
        authorTimeline(reader.id(), own);
        authorTimeline(author, followed);

        redisLink.cut();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(texts(page(reader, ""))).containsExactly("followed", "own");
            Response readiness = edge.send(HttpRequest.newBuilder(edge.root("/actuator/health/readiness")), null, null);
            assertThat(readiness.status()).isEqualTo(200);
            // Health details are never served (docs/security.md), so the mode is read from the indicator itself.
            HealthIndicator homeTimelines = (HealthIndicator) healthContributors.getContributor("homeTimelines");
            assertThat(homeTimelines.health().getDetails()).containsEntry("mode", "durable");
        });
    }

    private record Reader(String id, String token) {}

    private Reader reader() {
        String username = "reader_" + suffix();
        String id = stored.account(username, "correct horse");
        return new Reader(id, edge.token(username, "correct horse"));
    }

    private void fanOut(String owner, String author, String... postIds) {
        for (String postId : postIds) {
            store.timelines().add(List.of(store.keys().home(owner)), new TimelineEntry(postId, author));
        }
    }

    private void authorTimeline(String author, String postId) {
        projectorDatabase.insert(
                new Document("_id", author)
                        .append(
                                ReadModels.Timelines.ENTRIES,
                                List.of(new Document(ReadModels.Timelines.POST_ID, postId)
                                        .append(ReadModels.Timelines.AUTHOR_ID, author))),
                ReadModels.Timelines.AUTHOR_TIMELINES);
    }

    private JsonNode page(Reader reader, String query) {
        Response response = edge.get("/timelines/home" + query, reader.token());
        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> texts(JsonNode page) {
        List<String> texts = new ArrayList<>();
        page.get("items").forEach(item -> texts.add(item.get("text").asText()));
        return texts;
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
