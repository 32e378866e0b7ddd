package dev.flock.deadletters;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flock.deadletters.QueueScan.Step;
import dev.flock.platform.command.CommandLog;
import dev.flock.platform.publish.ConfirmedPublisher;
import java.util.Optional;
import org.springframework.amqp.core.Message;

/**
 * One replay: decides, message by message, what goes back to where it came from, and counts. A match is republished
 * with a confirm first and removed after (see {@link QueueScan}); what it leaves stays in place and in order.
 */
final class ReplayRun {

    private final ReplayRequest request;
    private final int maxReplays;
    private final ConfirmedPublisher publisher;
    private final Canary canary;
    private final ObjectMapper mapper;
    private final ReplayPace pace;
    private int matched;
    private int chosen;
    private int replayed;
    private int skipped;
    private ReplayReport.Canary canaryOutcome;
    private String aborted;

    ReplayRun(ReplayRequest request, int maxReplays, ConfirmedPublisher publisher, Canary canary, ObjectMapper mapper) {
        this.request = request;
        this.maxReplays = maxReplays;
        this.publisher = publisher;
        this.canary = canary;
        this.mapper = mapper;
        this.pace = ReplayPace.of(request.ratePerSecond());
    }

    Step visit(Message message) {
        DeadLetter letter = DeadLetter.of(message, mapper);
        if (!request.filter().matches(letter)) {
            return Step.KEEP;
        }
        matched++;
        if (aborted != null || (request.limit() != null && chosen >= request.limit())) {
            return Step.KEEP;
        }
        if (!letter.replayable() || (letter.replays() >= maxReplays && !request.force())) {
            skipped++;
            return Step.KEEP;
        }
        chosen++;
        if (request.dryRun()) {
            return Step.KEEP;
        }
        pace.await();
        boolean isCanary = request.canary() && chosen == 1;
        Optional<CommandLog.Entry> before = isCanary ? canary.before(letter) : Optional.empty();
        publisher.publishRouted(letter.exchange(), letter.routingKey(), Copies.forReplay(message, letter));
        replayed++;
        if (isCanary && !canaryApplied(letter, before)) {
            return Step.REMOVE_AND_STOP;
        }
        return Step.REMOVE;
    }

    /** A dry run replays nothing: {@code matched} is then what would go. */
    ReplayReport report(long left) {
        return new ReplayReport(
                request.dryRun() ? chosen : matched, replayed, skipped, left, request.dryRun(), canaryOutcome, aborted);
    }

    private boolean canaryApplied(DeadLetter letter, Optional<CommandLog.Entry> before) {
        canaryOutcome = canary.await(letter, before);
        if (canaryOutcome.status().equals("APPLIED")) {
            return true;
        }
        aborted = "canary " + letter.messageId() + " ended " + canaryOutcome.status() + " (not APPLIED within "
                + canary.timeout().toSeconds() + "s); nothing else was replayed";
        return false;
    }
}
