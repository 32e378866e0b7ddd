package dev.flock.contracts;

/** AMQP headers Flock adds to a message that failed, so an operator can tell why and put it back. */
public final class FlockHeaders {

    /** Short code: a {@link FailureReason} name. */
    public static final String REASON = "x-flock-reason";

    public static final String EXCEPTION = "x-flock-exception";
    public static final String EXCEPTION_MESSAGE = "x-flock-exception-message";

    /** How many times processing failed so far. */
    public static final String ATTEMPTS = "x-flock-attempts";

    public static final String FIRST_FAILURE_AT = "x-flock-first-failure-at";
    public static final String DEAD_LETTERED_AT = "x-flock-dead-lettered-at";

    /** Where the message was first published; replay sends it there again. */
    public static final String ORIGINAL_EXCHANGE = "x-flock-original-exchange";

    public static final String ORIGINAL_ROUTING_KEY = "x-flock-original-routing-key";

    /** How many times an operator replayed the message. */
    public static final String REPLAYS = "x-flock-replays";

    private FlockHeaders() {}
}
