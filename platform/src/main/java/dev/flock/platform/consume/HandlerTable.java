package dev.flock.platform.consume;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.FailureReason;
import dev.flock.platform.message.PermanentFailure;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** One handler per payload type; a type without one is a permanent failure of the message. */
public final class HandlerTable<R> {

    private final Map<Class<?>, Function<Envelope<?>, R>> handlers = new HashMap<>();

    @SuppressWarnings("unchecked")
    public <P> void put(Class<P> payloadType, Function<Envelope<P>, R> handler) {
        if (handlers.putIfAbsent(payloadType, (Function<Envelope<?>, R>) (Function<?, R>) handler) != null) {
            throw new IllegalStateException("two handlers for " + payloadType.getSimpleName());
        }
    }

    public R dispatch(Envelope<?> message) {
        Function<Envelope<?>, R> handler = handlers.get(message.payload().getClass());
        if (handler == null) {
            throw new PermanentFailure(FailureReason.UNKNOWN_TYPE, message.type() + " is not handled by this queue");
        }
        return handler.apply(message);
    }
}
