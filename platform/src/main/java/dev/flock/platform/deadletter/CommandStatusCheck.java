package dev.flock.platform.deadletter;

import java.util.Optional;

/** Tells a canary replay how its command ended: the status in the owning worker's command log, if any. */
@FunctionalInterface
public interface CommandStatusCheck {

    Optional<String> status(String deadLetterQueue, String commandId);
}
