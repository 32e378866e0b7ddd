package dev.flock.edge.admin;

import dev.flock.deadletters.DeadLetter;
import dev.flock.deadletters.DeadLetterFilter;
import dev.flock.deadletters.DeadLetterQueues;
import dev.flock.deadletters.QueueBusyException;
import dev.flock.deadletters.QueueDepth;
import dev.flock.deadletters.ReplayReport;
import dev.flock.deadletters.ReplayRequest;
import dev.flock.deadletters.UnknownQueueException;
import dev.flock.edge.web.ApiProblem;
import dev.flock.edge.web.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/dead-letters}: what failed, and putting it back. Admin tokens only (see the security rules). A broker
 * that cannot be reached is a 503 with {@code Retry-After} (see {@code ProblemAdvice}), never an empty list.
 */
@RestController
@RequestMapping("/api/v1/admin/dead-letters")
class DeadLetterController {

    static final int MAX_PEEK = 1000;
    static final int MAX_IDS = 10_000;

    /** The body of replay and park; every field is optional. */
    record Selection(
            Integer limit,
            String type,
            String reasonContains,
            Set<String> messageIds,
            Instant deadLetteredBefore,
            Instant deadLetteredAfter,
            Double ratePerSecond,
            Boolean dryRun,
            Boolean canary,
            Boolean force) {

        DeadLetterFilter filter() {
            return new DeadLetterFilter(type, reasonContains, messageIds, deadLetteredBefore, deadLetteredAfter);
        }

        void validate() {
            new Checks()
                    .that(limit == null || limit >= 1, "limit", "must be at least 1")
                    .that(
                            ratePerSecond == null || (ratePerSecond > 0 && ratePerSecond <= 10_000),
                            "ratePerSecond",
                            "must be above 0 and at most 10000")
                    .that(messageIds == null || messageIds.size() <= MAX_IDS, "messageIds", "at most " + MAX_IDS)
                    .orThrow();
        }
    }

    private final DeadLetterQueues deadLetters;

    DeadLetterController(DeadLetterQueues deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    List<QueueDepth> list(@AuthenticationPrincipal Jwt admin) {
        return deadLetters.list(operator(admin));
    }

    @GetMapping("/{queue}")
    List<DeadLetter> peek(
            @PathVariable String queue,
            @RequestParam(defaultValue = "20") int limit,
            @AuthenticationPrincipal Jwt admin) {
        new Checks()
                .that(limit >= 1 && limit <= MAX_PEEK, "limit", "must be between 1 and " + MAX_PEEK)
                .orThrow();
        return deadLetters.peek(operator(admin), queue, limit);
    }

    @PostMapping("/{queue}/replay")
    ReplayReport replay(
            @PathVariable String queue, @RequestBody Selection selection, @AuthenticationPrincipal Jwt admin) {
        selection.validate();
        ReplayRequest request = new ReplayRequest(
                selection.filter(),
                selection.limit(),
                selection.ratePerSecond(),
                Boolean.TRUE.equals(selection.dryRun()),
                Boolean.TRUE.equals(selection.canary()),
                Boolean.TRUE.equals(selection.force()));
        return deadLetters.replay(operator(admin), queue, request);
    }

    @PostMapping("/{queue}/park")
    ReplayReport park(
            @PathVariable String queue, @RequestBody Selection selection, @AuthenticationPrincipal Jwt admin) {
        selection.validate();
        return deadLetters.park(operator(admin), queue, selection.filter(), Boolean.TRUE.equals(selection.dryRun()));
    }

    @ExceptionHandler(UnknownQueueException.class)
    ResponseEntity<ProblemDetail> unknownQueue(UnknownQueueException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ApiProblem.notFound(e.getMessage() + "; see GET /api/v1/admin/dead-letters.")
                        .toProblemDetail());
    }

    /** Another edge replica or flock-admin is replaying, parking or peeking the same queue. */
    @ExceptionHandler(QueueBusyException.class)
    ResponseEntity<ProblemDetail> busy(QueueBusyException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(ApiProblem.of(
                                HttpStatus.CONFLICT, "dead-letter-queue-busy", "Dead-letter queue busy", e.getMessage())
                        .toProblemDetail());
    }

    /** A request the dead-letter tools cannot carry out as asked, such as a canary on events. */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> impossible(IllegalArgumentException e) {
        return ResponseEntity.badRequest()
                .body(ApiProblem.of(HttpStatus.BAD_REQUEST, "invalid-operation", "Invalid operation", e.getMessage())
                        .toProblemDetail());
    }

    private static String operator(Jwt admin) {
        return "api:" + admin.getSubject();
    }
}
