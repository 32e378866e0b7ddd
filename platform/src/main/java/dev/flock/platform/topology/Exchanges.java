package dev.flock.platform.topology;

import dev.flock.contracts.Topology;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.TopicExchange;

/** The SPEC's exchanges. A service declares each exchange it publishes to, so its first publish cannot 404. */
public final class Exchanges {

    private Exchanges() {}

    public static TopicExchange commands() {
        return topic(Topology.COMMANDS_EXCHANGE);
    }

    public static TopicExchange events() {
        return topic(Topology.EVENTS_EXCHANGE);
    }

    public static DirectExchange deadLetters() {
        return ExchangeBuilder.directExchange(Topology.DEAD_LETTER_EXCHANGE)
                .durable(true)
                .build();
    }

    static TopicExchange topic(String name) {
        return ExchangeBuilder.topicExchange(name).durable(true).build();
    }
}
