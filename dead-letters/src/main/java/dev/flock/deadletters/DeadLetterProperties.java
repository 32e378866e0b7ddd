package dev.flock.deadletters;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxReplays    a message replayed this often is left alone unless the replay says {@code force}: it keeps
 *                      failing, and replaying it again without a fix only puts it back
 * @param canaryTimeout how long a canary may take to reach an outcome newer than the replay
 * @param broker        the broker user of the tools, where it is not the application's (see {@link DeadLetterBroker})
 */
@ConfigurationProperties("flock.dead-letters")
public record DeadLetterProperties(
        @DefaultValue("3") int maxReplays, @DefaultValue("30s") Duration canaryTimeout, Broker broker) {

    /** @param username unset: the tools use the application's broker user */
    public record Broker(String username, String password) {

        boolean configured() {
            return username != null && !username.isBlank();
        }

        @Override
        public String toString() {
            return "Broker[username=" + username + ", password=<hidden>]";
        }
    }
}
