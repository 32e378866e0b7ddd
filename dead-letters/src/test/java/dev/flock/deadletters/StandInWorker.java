package dev.flock.deadletters;

import java.util.function.Consumer;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/** Consumes {@code account-worker.commands} in the account worker's place, doing what the test says with each. */
final class StandInWorker implements AutoCloseable {

    private final SimpleMessageListenerContainer container;

    private StandInWorker(SimpleMessageListenerContainer container) {
        this.container = container;
    }

    static StandInWorker start(ConnectionFactory connections, Consumer<Message> handling) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connections);
        container.setQueueNames("account-worker.commands");
        container.setMessageListener(handling::accept);
        container.start();
        return new StandInWorker(container);
    }

    @Override
    public void close() {
        container.stop();
    }
}
