package dev.flock.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flock.deadletters.DeadLetterFilter;
import dev.flock.deadletters.DeadLetterQueues;
import dev.flock.deadletters.ReplayReport;
import dev.flock.deadletters.ReplayRequest;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flock-admin dead-letters list|peek|replay|park}: the same operations, filters and answers (JSON on stdout)
 * as {@code /api/v1/admin/dead-letters}; what a dry run would do, why an operation failed, and how far a replay or park
 * is ({@link ProgressReport}), go to stderr.
 */
@Component
@Command(name = "dead-letters", mixinStandardHelpOptions = true, description = "Inspect, replay and park dead letters.")
class DeadLettersCommand {

    /** The filter options replay and park share. */
    static class Selection {

        @Option(names = "--type", description = "only messages of this type, e.g. post.create")
        String type;

        @Option(names = "--reason-contains", description = "only messages whose reason or exception contains this")
        String reasonContains;

        @Option(names = "--message-id", description = "only these message ids (repeatable)")
        List<String> messageIds;

        @Option(names = "--before", description = "only messages dead-lettered before this instant (RFC 3339)")
        Instant before;

        @Option(names = "--after", description = "only messages dead-lettered after this instant (RFC 3339)")
        Instant after;

        DeadLetterFilter filter() {
            return new DeadLetterFilter(
                    type, reasonContains, messageIds == null ? null : Set.copyOf(messageIds), before, after);
        }
    }

    private final DeadLetterQueues deadLetters;
    private final ObjectMapper mapper;

    @Spec
    CommandSpec spec;

    DeadLettersCommand(DeadLetterQueues deadLetters, ObjectMapper mapper) {
        this.deadLetters = deadLetters;
        this.mapper = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    @Command(name = "list", description = "Every dead-letter queue and its depth.")
    int list() throws Exception {
        return print(deadLetters.list(operator()));
    }

    @Command(name = "peek", description = "The oldest messages of a dead-letter queue; changes nothing.")
    int peek(@Parameters(paramLabel = "QUEUE") String queue, @Option(names = "--limit", defaultValue = "20") int limit)
            throws Exception {
        return print(deadLetters.peek(operator(), queue, limit));
    }

    @Command(name = "replay", description = "Send matching messages back to where they came from.")
    int replay(
            @Parameters(paramLabel = "QUEUE") String queue,
            @ArgGroup(exclusive = false) Selection selection,
            @Option(names = "--limit", description = "replay at most this many") Integer limit,
            @Option(names = "--rate", description = "at most this many per second") Double rate,
            @Option(names = "--dry-run", description = "report what would be replayed; move nothing") boolean dryRun,
            @Option(names = "--canary", description = "replay one, go on only if its command becomes APPLIED")
                    boolean canary,
            @Option(names = "--force", description = "also replay messages replayed too often already") boolean force)
            throws Exception {
        ReplayRequest request = new ReplayRequest(filter(selection), limit, rate, dryRun, canary, force);
        ReplayReport report =
                deadLetters.replay(operator(), queue, request, progress((dryRun ? "dry run " : "replay ") + queue));
        print(report);
        if (dryRun) {
            spec.commandLine().getErr().println("would replay " + report.matched());
        }
        return report.aborted() == null ? 0 : ExitCodes.CANARY_ABORTED;
    }

    @Command(name = "park", description = "Move matching messages to the queue's parking lot.")
    int park(
            @Parameters(paramLabel = "QUEUE") String queue,
            @ArgGroup(exclusive = false) Selection selection,
            @Option(names = "--dry-run", description = "report what would be parked; move nothing") boolean dryRun)
            throws Exception {
        ReplayReport report = deadLetters.park(
                operator(), queue, filter(selection), dryRun, progress((dryRun ? "dry run park " : "park ") + queue));
        print(report);
        if (dryRun) {
            spec.commandLine().getErr().println("would park " + report.matched());
        }
        return 0;
    }

    private ProgressReport progress(String what) {
        return ProgressReport.onStderr(spec.commandLine().getErr(), what, "messages");
    }

    private static DeadLetterFilter filter(Selection selection) {
        return selection == null ? DeadLetterFilter.ALL : selection.filter();
    }

    private int print(Object result) throws Exception {
        System.out.println(mapper.writeValueAsString(result));
        return 0;
    }

    private static String operator() {
        return "cli:" + System.getProperty("user.name");
    }
}
