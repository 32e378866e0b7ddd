package dev.flock.deadletters;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flock.deadletters.QueueScan.Step;
import dev.flock.platform.publish.ConfirmedPublisher;
import org.springframework.amqp.core.Message;

/** One park: moves the matches to the parking lot, never deletes them; confirmed there first, removed after. */
final class ParkRun {

    private final String parkingLot;
    private final DeadLetterFilter filter;
    private final boolean dryRun;
    private final ConfirmedPublisher publisher;
    private final ObjectMapper mapper;
    private int matched;
    private int parked;

    ParkRun(
            String parkingLot,
            DeadLetterFilter filter,
            boolean dryRun,
            ConfirmedPublisher publisher,
            ObjectMapper mapper) {
        this.parkingLot = parkingLot;
        this.filter = filter;
        this.dryRun = dryRun;
        this.publisher = publisher;
        this.mapper = mapper;
    }

    Step visit(Message message) {
        if (!filter.matches(DeadLetter.of(message, mapper))) {
            return Step.KEEP;
        }
        matched++;
        if (dryRun) {
            return Step.KEEP;
        }
        // Through the default exchange: the parking lot is bound to nothing else.
        publisher.publishRouted("", parkingLot, Copies.forParking(message));
        parked++;
        return Step.REMOVE;
    }

    /** {@code replayed} counts the messages parked; a dry run parks none. */
    ReplayReport report(long left) {
        return new ReplayReport(matched, parked, 0, left, dryRun, null, null);
    }
}
