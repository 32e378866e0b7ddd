package dev.flock.deadletters;

import dev.flock.platform.command.CommandLog;
import java.util.Optional;

/** Where a canary reads how its command ended: the command log of the worker that owns the command's type. */
@FunctionalInterface
public interface RecordedOutcomes {

    Optional<CommandLog.Entry> find(String commandType, String commandId);
}
