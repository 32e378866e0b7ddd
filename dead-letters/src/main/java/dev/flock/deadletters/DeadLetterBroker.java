package dev.flock.deadletters;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.ConnectionFactory;
import dev.flock.platform.publish.ConfirmedPublisher;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.amqp.RabbitConnectionDetails;

/**
 * How the dead-letter tools reach the broker. With {@code flock.dead-letters.broker.username} set (the edge, whose own
 * broker user may only publish commands), on connections of their own as that user, whose permissions are the tools'
 * (read dead letters, republish, park); without, on the application's connections (flock-admin, which logs in as the
 * dead-letter user in the first place).
 */
final class DeadLetterBroker implements DisposableBean {

    private final RabbitTemplate template;
    private final ConfirmedPublisher publisher;
    private final ConnectionFactory connections;
    private final List<Address> addresses;
    private final CachingConnectionFactory own;

    private DeadLetterBroker(
            RabbitTemplate template,
            ConfirmedPublisher publisher,
            ConnectionFactory connections,
            List<Address> addresses,
            CachingConnectionFactory own) {
        this.template = template;
        this.publisher = publisher;
        this.connections = connections;
        this.addresses = addresses;
        this.own = own;
    }

    static DeadLetterBroker shared(
            RabbitTemplate template,
            ConfirmedPublisher publisher,
            AbstractConnectionFactory connections,
            RabbitConnectionDetails broker) {
        return new DeadLetterBroker(
                template, publisher, connections.getRabbitConnectionFactory(), addresses(broker), null);
    }

    static DeadLetterBroker ownUser(
            DeadLetterProperties.Broker user,
            RabbitConnectionDetails broker,
            AbstractConnectionFactory application,
            Duration confirmTimeout) {
        ConnectionFactory connections = new ConnectionFactory();
        ConnectionFactory template = application.getRabbitConnectionFactory();
        connections.setUsername(user.username());
        connections.setPassword(user.password());
        connections.setVirtualHost(broker.getVirtualHost());
        connections.setConnectionTimeout(template.getConnectionTimeout());
        connections.setRequestedHeartbeat(template.getRequestedHeartbeat());
        if (template.isSSL()) {
            throw new IllegalStateException("flock.dead-letters.broker with TLS to the broker is not supported yet");
        }
        CachingConnectionFactory own = new CachingConnectionFactory(connections);
        own.setAddresses(addresses(broker).stream()
                .map(address -> address.getHost() + ":" + address.getPort())
                .collect(Collectors.joining(",")));
        own.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        own.setPublisherReturns(true);
        own.setConnectionNameStrategy(ignored -> "dead-letter tools");
        RabbitTemplate ownTemplate = new RabbitTemplate(own);
        ownTemplate.setMandatory(true);
        return new DeadLetterBroker(
                ownTemplate, new ConfirmedPublisher(ownTemplate, confirmTimeout), connections, addresses(broker), own);
    }

    RabbitTemplate template() {
        return template;
    }

    ConfirmedPublisher publisher() {
        return publisher;
    }

    QueueLock lock() {
        return new QueueLock(connections, addresses);
    }

    private static List<Address> addresses(RabbitConnectionDetails broker) {
        return broker.getAddresses().stream()
                .map(address -> new Address(address.host(), address.port()))
                .toList();
    }

    @Override
    public void destroy() {
        if (own != null) {
            own.destroy();
        }
    }
}
