package dev.flock.platform.publish;

import org.springframework.amqp.AmqpException;

/** The broker did not take responsibility for a message: not reachable, refused it, or no confirm in time. */
public class PublishFailedException extends AmqpException {

    public PublishFailedException(String message) {
        super(message);
    }

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
