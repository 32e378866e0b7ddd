package dev.flock.platform.deadletter;

import dev.flock.contracts.Topology;
import dev.flock.platform.command.CommandLog;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.mongodb.core.MongoOperations;

/** Follows a canary in the command log of the worker whose dead-letter queue it came from. */
public final class CommandLogStatuses implements CommandStatusCheck {

    private final Map<String, CommandLog> logs;

    /** @param accounts the account worker's database; {@code posts} the post worker's */
    public CommandLogStatuses(MongoOperations accounts, MongoOperations posts, Clock clock) {
        this.logs = Map.of(
                Topology.deadLetterQueue(Topology.ACCOUNT_WORKER_COMMANDS), new CommandLog(accounts, clock),
                Topology.deadLetterQueue(Topology.POST_WORKER_COMMANDS), new CommandLog(posts, clock));
    }

    @Override
    public Optional<String> status(String deadLetterQueue, String commandId) {
        return Optional.ofNullable(logs.get(deadLetterQueue))
                .flatMap(log -> log.find(commandId))
                .map(CommandLog.Entry::status)
                .map(Enum::name);
    }
}
