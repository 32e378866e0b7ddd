package dev.flock.platform.command;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.mongodb.client.result.UpdateResult;
import dev.flock.contracts.Envelope;
import dev.flock.contracts.FailureReason;
import dev.flock.contracts.ReadModels.Commands;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.mapping.Field;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The outcome of every command a worker finished, in the worker's own database. It is both the status the edge
 * reports and the worker's guard against applying a redelivered command twice.
 */
public class CommandLog {

    public static final String COLLECTION = Commands.COMMANDS;

    /** One command's outcome, as stored. The edge and the dead-letter tools read it too. */
    @Document(COLLECTION)
    public record Entry(
            @Id String id,
            String type,
            @Field(Commands.STATUS) CommandStatus status,
            @Field(Commands.REASON) String reason,
            @Field(Commands.RESOURCE_ID) String resourceId,
            Instant acceptedAt,
            Instant completedAt) {}

    private static final List<CommandStatus> FINAL = List.of(CommandStatus.APPLIED, CommandStatus.REJECTED);

    private final MongoOperations mongo;
    private final Clock clock;

    public CommandLog(MongoOperations mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    public Optional<Entry> find(String commandId) {
        return Optional.ofNullable(mongo.findById(commandId, Entry.class));
    }

    /**
     * Applied or rejected: a redelivery of it must change nothing. By {@code _id} alone, the status checked here (the
     * embedded store scans for {@code _id} with another condition: docs/architecture.md).
     */
    public boolean isFinished(String commandId) {
        return find(commandId).filter(entry -> FINAL.contains(entry.status())).isPresent();
    }

    /** Of these commands, those applied or rejected: one query for a whole batch, by {@code _id} alone. */
    public Set<String> finishedAmong(Collection<String> commandIds) {
        Query entries = query(where("_id").in(commandIds));
        entries.fields().include("_id").include(Commands.STATUS);
        return mongo.find(entries, Entry.class).stream()
                .filter(entry -> FINAL.contains(entry.status()))
                .map(Entry::id)
                .collect(Collectors.toSet());
    }

    public void recordOutcome(Envelope<?> command, CommandOutcome outcome) {
        recordOutcomes(List.of(new Decided(command, outcome)));
    }

    /** The outcomes of a batch, in one bulk write. */
    public void recordOutcomes(List<Decided> decided) {
        if (decided.isEmpty()) {
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.ORDERED, Entry.class);
        for (Decided each : decided) {
            Update update = base(each.command())
                    .set(Commands.STATUS, each.outcome().status())
                    .set(Commands.REASON, each.outcome().reason())
                    .set(Commands.RESOURCE_ID, each.outcome().resourceId());
            bulk.upsert(query(where("_id").is(each.command().id())), update);
        }
        bulk.execute();
    }

    /** A command and what its handler decided, not yet recorded. */
    public record Decided(Envelope<?> command, CommandOutcome outcome) {}

    /**
     * Turns a command that was applied into a rejection, when a later command shows it should not have stood (a
     * delete of a post that overtook the post's create, by an account that turned out not to be its author).
     */
    public void overrule(String commandId, String reason) {
        UpdateResult overruled = mongo.updateFirst(
                query(where("_id").is(commandId)),
                new Update()
                        .set(Commands.STATUS, CommandStatus.REJECTED)
                        .set(Commands.REASON, reason)
                        .set("completedAt", clock.instant()),
                Entry.class);
        if (overruled.getMatchedCount() == 0) {
            // Its outcome is not recorded yet (it is in the same batch, or another replica is finishing it): an
            // outcome recorded after this would undo the overruling. The caller is retried once it is there.
            throw new IllegalStateException("the outcome of " + commandId + " to overrule is not recorded yet");
        }
    }

    /** Marks a dead-lettered command {@code FAILED}, unless it had already finished. */
    public void recordFailed(Envelope<?> command, FailureReason reason) {
        Update update = base(command).set(Commands.STATUS, CommandStatus.FAILED).set(Commands.REASON, reason.name());
        try {
            mongo.upsert(
                    query(where("_id").is(command.id()).and(Commands.STATUS).nin(FINAL)), update, Entry.class);
        } catch (DuplicateKeyException finishedMeanwhile) {
            // The record exists with a final status: a replay or a redelivery already finished it.
        }
    }

    private Update base(Envelope<?> command) {
        return new Update()
                .set("type", command.type())
                .set("acceptedAt", command.occurredAt())
                .set("completedAt", clock.instant());
    }
}
