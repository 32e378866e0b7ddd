package dev.flock.platform.command;

import com.mongodb.client.MongoClient;
import dev.flock.platform.mongo.Databases;
import java.time.Clock;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The command logs of every worker, for those who read outcomes from outside (the edge's status resource, the
 * dead-letter tools following a canary). A command's outcome is in the log of the worker that consumes its type.
 */
public final class CommandLogs {

    private final CommandLog accountCommands;
    private final CommandLog postCommands;

    public CommandLogs(MongoClient mongo, Clock clock) {
        this.accountCommands = new CommandLog(new MongoTemplate(mongo, Databases.ACCOUNTS), clock);
        this.postCommands = new CommandLog(new MongoTemplate(mongo, Databases.POSTS), clock);
    }

    /** @param commandType e.g. {@code post.create}: {@code post.#} commands are the post worker's */
    public CommandLog of(String commandType) {
        return commandType.startsWith("account.") ? accountCommands : postCommands;
    }
}
