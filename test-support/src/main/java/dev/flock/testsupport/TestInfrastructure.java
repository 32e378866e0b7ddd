package dev.flock.testsupport;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What one test context runs against: a virtual host of its own on the real broker, a MongoDB of its own, and keys of
 * its own (a prefix) on the real Redis.
 * Use it from a {@code @DynamicPropertySource} method, or pass {@link #properties()} to a service started by hand.
 * Fault tests reach MongoDB and the broker through {@link FaultyLink}s they can cut.
 */
public final class TestInfrastructure implements AutoCloseable {

    private final TestBroker broker;
    private final String virtualHost;
    private final TestMongo mongo;
    private final FaultyLink mongoLink;
    private final FaultyLink brokerLink;

    static {
        // Faults cut connections under the clients' own background threads, which then end with connection errors.
        // Those threads are not the test's: an await must not fail because one of them did.
        Awaitility.doNotCatchUncaughtExceptionsByDefault();
    }

    private TestInfrastructure(TestBroker broker, TestMongo mongo, boolean faultyLinks) {
        this.broker = broker;
        this.virtualHost = broker.newVirtualHost();
        this.mongo = mongo;
        if (faultyLinks) {
            URI mongoAddress = URI.create(mongo.uri().replace("mongodb://", "tcp://"));
            this.mongoLink = FaultyLink.to(mongoAddress.getHost(), mongoAddress.getPort());
            this.brokerLink = FaultyLink.to(broker.host(), broker.port());
        } else {
            this.mongoLink = null;
            this.brokerLink = null;
        }
    }

    public static TestInfrastructure start() {
        return new TestInfrastructure(TestBroker.get(), TestMongo.start(), false);
    }

    /** MongoDB and the broker behind links a test can cut. */
    public static TestInfrastructure startWithFaultyLinks() {
        return new TestInfrastructure(TestBroker.get(), TestMongo.start(), true);
    }

    public TestBroker broker() {
        return broker;
    }

    public String virtualHost() {
        return virtualHost;
    }

    public TestMongo mongo() {
        return mongo;
    }

    public FaultyLink mongoLink() {
        return require(mongoLink);
    }

    public FaultyLink brokerLink() {
        return require(brokerLink);
    }

    /** Ends every fault a test injected through the links. */
    public void restoreLinks() {
        mongoLink().restore();
        brokerLink().restore();
    }

    public Map<String, String> properties() {
        Map<String, String> properties = new HashMap<>(broker.springProperties(virtualHost));
        properties.put("spring.data.mongodb.uri", mongo.uri());
        if (mongoLink != null) {
            // Through the links; and fail within a second when one is cut, so retries happen within a test.
            properties.put(
                    "spring.data.mongodb.uri",
                    "mongodb://127.0.0.1:" + mongoLink.port()
                            + "/?directConnection=true&serverSelectionTimeoutMS=1000&connectTimeoutMS=1000"
                            + "&socketTimeoutMS=2000");
            properties.put("spring.rabbitmq.host", "127.0.0.1");
            properties.put("spring.rabbitmq.port", String.valueOf(brokerLink.port()));
        }
        // Redis is shared (with other tests, and a local stack): this context's keys have a prefix of its own.
        properties.put("flock.timeline.key-prefix", "test-" + virtualHost + ":");
        // Short back-off so retry paths finish within a test.
        properties.put("flock.retry.delays", "200ms,400ms");
        return properties;
    }

    public void register(DynamicPropertyRegistry registry) {
        properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** Stops this context's MongoDB and links; the virtual host goes when the JVM exits. */
    @Override
    public void close() {
        mongo.close();
        if (mongoLink != null) {
            mongoLink.close();
            brokerLink.close();
        }
    }

    private static FaultyLink require(FaultyLink link) {
        if (link == null) {
            throw new IllegalStateException("started without faulty links: use startWithFaultyLinks()");
        }
        return link;
    }
}
