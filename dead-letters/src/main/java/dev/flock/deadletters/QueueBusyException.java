package dev.flock.deadletters;

/** Another operation (from this or another edge replica, or the command-line tool) is working on the queue. */
public class QueueBusyException extends RuntimeException {

    public QueueBusyException(String queue) {
        super("another replay, park or peek of " + queue + " is running (from an edge replica or flock-admin); "
                + "try again when it has finished");
    }
}
