package dev.flock.platform.publish;

/**
 * The message could not even be sent: no connection or channel. Unlike a missing confirm, it is known not to have
 * reached the broker, and it fails fast, so an immediate retry is cheap.
 */
public class BrokerUnreachableException extends PublishFailedException {

    public BrokerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
