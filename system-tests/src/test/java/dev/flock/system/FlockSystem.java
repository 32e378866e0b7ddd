package dev.flock.system;

import dev.flock.account.AccountWorkerApplication;
import dev.flock.edge.EdgeApiApplication;
import dev.flock.platform.FlockApplication;
import dev.flock.post.PostWorkerApplication;
import dev.flock.testsupport.TestInfrastructure;
import dev.flock.timeline.TimelineProjectorApplication;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole of Flock in this JVM (or all of it but the post workers): the projector, two replicas of each worker (competing consumers on one queue)
 * and the edge, all on the real broker in a virtual host of their own and one MongoDB, as {@code bin/flock up}
 * runs them as processes.
 */
final class FlockSystem implements AutoCloseable {

    private static final String WITHOUT_SECURITY =
            "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration,"
                    + "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration";

    private final TestInfrastructure infrastructure;
    private final Map<String, String> extraProperties;
    private final List<ConfigurableApplicationContext> services = new ArrayList<>();
    private final List<ConfigurableApplicationContext> postWorkers = new ArrayList<>();
    private final ConfigurableApplicationContext edge;

    FlockSystem(Map<String, String> extraProperties) {
        this(TestInfrastructure.start(), extraProperties);
    }

    FlockSystem(TestInfrastructure infrastructure, Map<String, String> extraProperties) {
        this(infrastructure, extraProperties, true);
    }

    private FlockSystem(
            TestInfrastructure infrastructure, Map<String, String> extraProperties, boolean postWorkersHere) {
        this.infrastructure = infrastructure;
        this.extraProperties = extraProperties;
        // The projector first: its queue must exist before the first event is published.
        start(TimelineProjectorApplication.class, TimelineProjectorApplication.NAME);
        for (int replica = 0; replica < 2; replica++) {
            start(AccountWorkerApplication.class, AccountWorkerApplication.NAME);
            if (postWorkersHere) {
                postWorkers.add(start(PostWorkerApplication.class, PostWorkerApplication.NAME));
            }
        }
        edge = start(EdgeApiApplication.class, EdgeApiApplication.NAME);
    }

    /** All but the post workers, which the test runs elsewhere (as processes of their own). */
    static FlockSystem withoutPostWorkers(TestInfrastructure infrastructure, Map<String, String> extraProperties) {
        return new FlockSystem(infrastructure, extraProperties, false);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + edge.getEnvironment().getProperty("local.server.port") + "/api/v1";
    }

    String actuatorUrl() {
        return "http://127.0.0.1:" + edge.getEnvironment().getProperty("local.server.port") + "/actuator";
    }

    /** Every service's actuator, on its management port (the edge's own; the others serve nothing else). */
    List<String> managementUrls() {
        return services.stream()
                .map(service -> {
                    String port = service.getEnvironment().getProperty("local.management.port");
                    return "http://127.0.0.1:"
                            + (port != null ? port : service.getEnvironment().getProperty("local.server.port"))
                            + "/actuator";
                })
                .toList();
    }

    ConfigurableApplicationContext edge() {
        return edge;
    }

    List<ConfigurableApplicationContext> postWorkers() {
        return List.copyOf(postWorkers);
    }

    /** Stops one post-worker replica the way SIGTERM does: a graceful close of its application context. */
    void stopOnePostWorker() {
        ConfigurableApplicationContext replica = postWorkers.remove(0);
        services.remove(replica);
        replica.close();
    }

    private ConfigurableApplicationContext start(Class<?> application, String name) {
        Map<String, String> properties = new HashMap<>(infrastructure.properties());
        properties.put("server.port", "0");
        if (name.equals(EdgeApiApplication.NAME)) {
            properties.put("management.server.port", "0");
        } else {
            // Spring Security is on this JVM's classpath for the edge only; as their own jars, the other services have
            // none, and their actuator (metrics included) answers without a login.
            properties.put("spring.autoconfigure.exclude", WITHOUT_SECURITY);
        }
        properties.putAll(extraProperties);
        // As command-line arguments: they outrank the service's own configuration file.
        String[] arguments = properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context =
                FlockApplication.builder(application, name).run(arguments);
        services.add(context);
        return context;
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        infrastructure.mongo().close();
    }
}
