package dev.flock.platform.consume;

import dev.flock.contracts.Envelope;
import java.util.function.Consumer;

/** Routes each event to the one method that handles its type. Event handlers must be idempotent. */
public final class EventHandlers implements MessageHandler {

    private final HandlerTable<Void> table = new HandlerTable<>();

    public <P> EventHandlers on(Class<P> eventType, Consumer<Envelope<P>> handler) {
        table.put(eventType, event -> {
            handler.accept(event);
            return null;
        });
        return this;
    }

    @Override
    public void handle(Envelope<?> event) {
        table.dispatch(event);
    }
}
