package dev.flock.testsupport;

import java.util.HashMap;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What one test context runs against: a virtual host of its own on the real broker, and a MongoDB of its own.
 * Use it from a {@code @DynamicPropertySource} method, or pass {@link #properties()} to a service started by hand.
 */
public final class TestInfrastructure {

    private final TestBroker broker;
    private final String virtualHost;
    private final TestMongo mongo;

    private TestInfrastructure(TestBroker broker, String virtualHost, TestMongo mongo) {
        this.broker = broker;
        this.virtualHost = virtualHost;
        this.mongo = mongo;
    }

    public static TestInfrastructure start() {
        TestBroker broker = TestBroker.get();
        return new TestInfrastructure(broker, broker.newVirtualHost(), TestMongo.start());
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

    public Map<String, String> properties() {
        Map<String, String> properties = new HashMap<>(broker.springProperties(virtualHost));
        properties.put("spring.data.mongodb.uri", mongo.uri());
        // Short back-off so retry paths finish within a test.
        properties.put("flock.retry.delays", "200ms,400ms");
        return properties;
    }

    public void register(DynamicPropertyRegistry registry) {
        properties().forEach((name, value) -> registry.add(name, () -> value));
    }
}
