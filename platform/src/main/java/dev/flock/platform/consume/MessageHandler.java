package dev.flock.platform.consume;

import dev.flock.contracts.Envelope;
import dev.flock.platform.publish.PublishFailedException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Applies one decoded message. Returning means done; throwing hands the message to the failure policy. */
@FunctionalInterface
public interface MessageHandler {

    void handle(Envelope<?> message);

    /**
     * Applies a batch, in order. A message that fails is not its neighbours' failure: it is returned, with why, to
     * take the failure path alone; every message not returned is done.
     *
     * @throws PublishFailedException when the broker refused what the batch publishes; then nothing is known done,
     *     and applying the batch again must be harmless (every handler is idempotent)
     */
    default Map<Envelope<?>, RuntimeException> handleAll(List<Envelope<?>> messages) {
        Map<Envelope<?>, RuntimeException> failed = new IdentityHashMap<>();
        for (Envelope<?> message : messages) {
            try {
                handle(message);
            } catch (PublishFailedException refused) {
                throw refused;
            } catch (RuntimeException failure) {
                failed.put(message, failure);
            }
        }
        return failed;
    }
}
