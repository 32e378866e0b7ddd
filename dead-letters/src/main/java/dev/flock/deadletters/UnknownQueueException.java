package dev.flock.deadletters;

/** The name is not one of Flock's dead-letter queues. */
public class UnknownQueueException extends IllegalArgumentException {

    public UnknownQueueException(String queue) {
        super(queue + " is not a dead-letter queue");
    }
}
