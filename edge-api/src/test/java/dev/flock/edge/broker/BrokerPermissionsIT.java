package dev.flock.edge.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import com.rabbitmq.client.ShutdownSignalException;
import dev.flock.contracts.Topology;
import dev.flock.platform.topology.Exchanges;
import dev.flock.platform.topology.WorkQueue;
import dev.flock.testsupport.TestBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * Issue 10, finding 2: one broker user per service, with the permissions of {@code compose/rabbitmq/definitions.json}
 * (the file the compose deployment imports), created on the real broker in a virtual host of this test's. Each user
 * declares and uses what its service does, with the service's own topology code, and is refused the rest.
 */
class BrokerPermissionsIT {

    static final Path DEFINITIONS = Path.of("..", "compose", "rabbitmq", "definitions.json");
    static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5));

    static final TestBroker broker = TestBroker.get();
    static final String prefix = "flock-test-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    static final String virtualHost = prefix + "permissions";
    static final Map<String, String> passwords = new HashMap<>();

    @BeforeAll
    static void usersFromTheComposeDefinitions() throws IOException {
        JsonNode definitions = new ObjectMapper().readTree(DEFINITIONS.toFile());
        broker.rabbitmqctl("add_vhost", virtualHost);
        broker.rabbitmqctl("set_permissions", "-p", virtualHost, broker.username(), ".*", ".*", ".*");
        for (JsonNode user : definitions.get("users")) {
            String name = user.get("name").asText();
            String password = UUID.randomUUID().toString();
            broker.rabbitmqctl("add_user", prefix + name, password);
            passwords.put(name, password);
        }
        for (JsonNode permission : definitions.get("permissions")) {
            broker.rabbitmqctl(
                    "set_permissions",
                    "-p",
                    virtualHost,
                    prefix + permission.get("user").asText(),
                    permission.get("configure").asText(),
                    permission.get("write").asText(),
                    permission.get("read").asText());
        }
        // The work queues exist, as once the workers have started; each worker's own user declares them.
        declareAs("flock-timeline-projector", projectorTopology());
        declareAs("flock-account-worker", workerTopology(Topology.ACCOUNT_WORKER_COMMANDS, "account.#"));
        declareAs("flock-post-worker", workerTopology(Topology.POST_WORKER_COMMANDS, "post.#"));
    }

    @AfterAll
    static void removeWhatThisTestCreated() {
        passwords.keySet().forEach(name -> broker.rabbitmqctl("delete_user", prefix + name));
        broker.rabbitmqctl("delete_vhost", virtualHost);
    }

    @Test
    void theEdgeDeclaresAndPublishesToTheCommandsExchangeOnly() throws Exception {
        try (Connection edge = connect("flock-edge-api")) {
            assertAllowed(edge, channel -> channel.exchangeDeclare(Topology.COMMANDS_EXCHANGE, "topic", true));
            assertAllowed(edge, channel -> publishConfirmed(channel, Topology.COMMANDS_EXCHANGE, "post.create"));

            assertRefused(edge, channel -> publishConfirmed(channel, Topology.EVENTS_EXCHANGE, "post.created"));
            assertRefused(edge, channel -> publishConfirmed(channel, Topology.DEAD_LETTER_EXCHANGE, "x"));
            assertRefused(edge, channel -> publishConfirmed(channel, "", Topology.POST_WORKER_COMMANDS));
            assertRefused(edge, channel -> channel.basicConsume(Topology.POST_WORKER_COMMANDS, consumer(channel)));
            assertRefused(edge, channel -> channel.basicGet(Topology.ACCOUNT_WORKER_COMMANDS, false));
            assertRefused(edge, channel -> channel.queuePurge(Topology.ACCOUNT_WORKER_COMMANDS));
            assertRefused(edge, channel -> channel.queueDelete(Topology.ACCOUNT_WORKER_COMMANDS));
            assertRefused(edge, channel -> channel.queueDeclare("edge.own-queue", true, false, false, null));
            assertRefused(
                    edge, channel -> channel.basicGet(Topology.deadLetterQueue(Topology.POST_WORKER_COMMANDS), false));
        }
    }

    @Test
    void aWorkerConsumesItsQueueAndPublishesEventsButNotCommandsNorAnotherWorkersQueue() throws Exception {
        try (Connection worker = connect("flock-post-worker")) {
            assertAllowed(worker, channel -> channel.basicConsume(Topology.POST_WORKER_COMMANDS, consumer(channel)));
            assertAllowed(worker, channel -> publishConfirmed(channel, Topology.EVENTS_EXCHANGE, "post.created"));
            assertAllowed(worker, channel -> publishConfirmed(channel, Topology.DEAD_LETTER_EXCHANGE, "x"));
            assertAllowed(
                    worker,
                    channel -> publishConfirmed(
                            channel, "", Topology.retryQueue(Topology.POST_WORKER_COMMANDS, RETRY_DELAYS.get(0))));

            assertRefused(worker, channel -> publishConfirmed(channel, Topology.COMMANDS_EXCHANGE, "account.register"));
            assertRefused(worker, channel -> channel.basicConsume(Topology.ACCOUNT_WORKER_COMMANDS, consumer(channel)));
            assertRefused(worker, channel -> channel.queuePurge(Topology.ACCOUNT_WORKER_COMMANDS));
            assertRefused(worker, channel -> channel.queueDelete(Topology.TIMELINE_PROJECTOR_EVENTS));
            assertRefused(worker, channel -> channel.exchangeDeclare("flock.other", "topic", true));
        }
    }

    @Test
    void theProjectorConsumesItsQueueAndPublishesNoEventNorCommand() throws Exception {
        try (Connection projector = connect("flock-timeline-projector")) {
            assertAllowed(
                    projector, channel -> channel.basicConsume(Topology.TIMELINE_PROJECTOR_EVENTS, consumer(channel)));

            assertRefused(projector, channel -> publishConfirmed(channel, Topology.EVENTS_EXCHANGE, "post.created"));
            assertRefused(projector, channel -> publishConfirmed(channel, Topology.COMMANDS_EXCHANGE, "post.create"));
            assertRefused(projector, channel -> channel.basicConsume(Topology.POST_WORKER_COMMANDS, consumer(channel)));
        }
    }

    @Test
    void theDeadLetterToolsReadDeadLettersAndReplayButCannotTouchTheWorkQueues() throws Exception {
        String deadLetters = Topology.deadLetterQueue(Topology.ACCOUNT_WORKER_COMMANDS);
        try (Connection tools = connect("flock-dead-letters")) {
            assertAllowed(tools, channel -> channel.basicGet(deadLetters, false));
            assertAllowed(tools, channel -> channel.basicGet(Topology.parkingLot(deadLetters), false));
            assertAllowed(tools, channel -> channel.queueDeclare(deadLetters + ".lock", false, true, true, null));
            assertAllowed(tools, channel -> publishConfirmed(channel, Topology.COMMANDS_EXCHANGE, "account.register"));
            assertAllowed(tools, channel -> publishConfirmed(channel, Topology.EVENTS_EXCHANGE, "post.created"));
            assertAllowed(tools, channel -> publishConfirmed(channel, "", Topology.parkingLot(deadLetters)));

            assertRefused(tools, channel -> channel.basicConsume(Topology.ACCOUNT_WORKER_COMMANDS, consumer(channel)));
            assertRefused(tools, channel -> channel.queuePurge(Topology.POST_WORKER_COMMANDS));
            assertRefused(tools, channel -> channel.queueDelete(deadLetters));
            // Purging a dead-letter queue is not refused: RabbitMQ grants queue.purge with read, which the tools need
            // to read dead letters at all (see docs/security.md).
        }
    }

    @Test
    void noServiceUserCanOpenAnotherVirtualHost() {
        for (String name : passwords.keySet()) {
            ConnectionFactory factory = factory(name);
            factory.setVirtualHost("/");
            assertThat(catchIo(factory)).as(name + " on /").isNotNull();
        }
    }

    interface ChannelAction {
        void run(Channel channel) throws Exception;
    }

    private static void assertAllowed(Connection connection, ChannelAction action) throws IOException {
        try (Channel channel = connection.createChannel()) {
            assertThatCode(() -> action.run(channel)).doesNotThrowAnyException();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException(e);
        }
    }

    /** The broker closes the channel with 403 ACCESS_REFUSED. */
    private static void assertRefused(Connection connection, ChannelAction action) throws IOException {
        Channel channel = connection.createChannel();
        Throwable refused = null;
        try {
            action.run(channel);
        } catch (Exception e) {
            refused = e;
        }
        assertThat(refused).as("refused").isNotNull();
        ShutdownSignalException signal = shutdownSignal(refused);
        assertThat(signal).as("a channel error, not: %s", refused).isNotNull();
        assertThat(((AMQP.Channel.Close) signal.getReason()).getReplyCode()).isEqualTo(AMQP.ACCESS_REFUSED);
    }

    private static ShutdownSignalException shutdownSignal(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ShutdownSignalException signal) {
                return signal;
            }
        }
        return null;
    }

    /** Publishes a persistent message and waits for the broker's confirm; a refused publish closes the channel. */
    private static void publishConfirmed(Channel channel, String exchange, String routingKey) throws Exception {
        channel.confirmSelect();
        channel.basicPublish(
                exchange,
                routingKey,
                false,
                MessageProperties.PERSISTENT_TEXT_PLAIN,
                "permissions test".getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(5_000);
    }

    private static com.rabbitmq.client.Consumer consumer(Channel channel) {
        return new com.rabbitmq.client.DefaultConsumer(channel);
    }

    private static Connection connect(String name) throws Exception {
        return factory(name).newConnection(prefix + name);
    }

    private static ConnectionFactory factory(String name) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(broker.host());
        factory.setPort(broker.port());
        factory.setUsername(prefix + name);
        factory.setPassword(passwords.get(name));
        factory.setVirtualHost(virtualHost);
        return factory;
    }

    private static Exception catchIo(ConnectionFactory factory) {
        try (Connection ignored = factory.newConnection()) {
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    private static void declareAs(String name, Declarables declarables) {
        CachingConnectionFactory connections = new CachingConnectionFactory(broker.host(), broker.port());
        connections.setUsername(prefix + name);
        connections.setPassword(passwords.get(name));
        connections.setVirtualHost(virtualHost);
        try {
            RabbitAdmin admin = new RabbitAdmin(connections);
            admin.setIgnoreDeclarationExceptions(false);
            declarables.getDeclarables().forEach(declarable -> {
                if (declarable instanceof org.springframework.amqp.core.Exchange exchange) {
                    admin.declareExchange(exchange);
                } else if (declarable instanceof org.springframework.amqp.core.Queue queue) {
                    admin.declareQueue(queue);
                } else if (declarable instanceof org.springframework.amqp.core.Binding binding) {
                    admin.declareBinding(binding);
                }
            });
        } finally {
            connections.destroy();
        }
    }

    private static Declarables workerTopology(String queue, String pattern) {
        return new WorkQueue(queue, Topology.COMMANDS_EXCHANGE, List.of(pattern))
                .declarables(RETRY_DELAYS, Exchanges.events());
    }

    private static Declarables projectorTopology() {
        return new WorkQueue(Topology.TIMELINE_PROJECTOR_EVENTS, Topology.EVENTS_EXCHANGE, List.of("post.created"))
                .declarables(RETRY_DELAYS);
    }
}
