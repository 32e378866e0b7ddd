package dev.flock.edge.limit;

import dev.flock.edge.web.ApiProblem;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Commands per account and per address; failed logins per username and per address; password checks per address (see
 * {@link PasswordCheckLimit}). Over a limit: 429 with {@code Retry-After}.
 *
 * <p>A login attempt takes its tokens <em>before</em> the password is checked and gives them back if it succeeds:
 * counting failures only after the (slow) check would let a burst of concurrent guesses all through.
 */
@Component
@EnableConfigurationProperties(RateLimitProperties.class)
public class RateLimits {

    private final boolean enabled;
    private final KeyedLimiter commandsPerAccount;
    private final KeyedLimiter commandsPerAddress;
    private final KeyedLimiter failedLoginsPerUsername;
    private final KeyedLimiter failedLoginsPerAddress;

    RateLimits(RateLimitProperties properties) {
        this.enabled = properties.enabled();
        this.commandsPerAccount = new KeyedLimiter(properties.commandsPerAccount(), properties.commandWindow());
        this.commandsPerAddress = new KeyedLimiter(properties.commandsPerAddress(), properties.commandWindow());
        this.failedLoginsPerUsername =
                new KeyedLimiter(properties.failedLoginsPerUsername(), properties.failedLoginWindow());
        this.failedLoginsPerAddress =
                new KeyedLimiter(properties.failedLoginsPerAddress(), properties.failedLoginWindow());
    }

    /** @param accountId null for an anonymous command (registration): only the address counts */
    public void command(String accountId, String address) {
        if (!enabled) {
            return;
        }
        refuseIfWaiting(commandsPerAddress.take(address), "Too many commands from this address.");
        if (accountId != null) {
            refuseIfWaiting(commandsPerAccount.take(accountId), "Too many commands from this account.");
        }
    }

    /**
     * Before a login is checked: counts it as failed, or refuses it (429) when the username or the address has no
     * failed attempt left. Call {@link #loginSucceeded} if it succeeds.
     *
     * @param knownDevice the device id of a client that logged in to this username before (a device cookie), or null:
     *                    its attempts are counted apart, so others' guesses do not lock it out
     */
    public void loginAttempt(String username, String address, String knownDevice) {
        if (!enabled) {
            return;
        }
        String user = userKey(username, knownDevice);
        refuseIfWaiting(failedLoginsPerUsername.take(user), "Too many failed logins for this user.");
        Optional<Duration> addressWait = failedLoginsPerAddress.take(address);
        if (addressWait.isPresent()) {
            failedLoginsPerUsername.giveBack(user);
            refuseIfWaiting(addressWait, "Too many failed logins from this address.");
        }
    }

    /** A login that succeeded was not a failed one: gives back what {@link #loginAttempt} took. */
    public void loginSucceeded(String username, String address, String knownDevice) {
        if (enabled) {
            failedLoginsPerUsername.giveBack(userKey(username, knownDevice));
            failedLoginsPerAddress.giveBack(address);
        }
    }

    private static String userKey(String username, String knownDevice) {
        String user = username.toLowerCase(Locale.ROOT);
        return knownDevice == null ? user : user + " device " + knownDevice;
    }

    static void refuseIfWaiting(Optional<Duration> wait, String detail) {
        if (wait.isPresent()) {
            throw ApiProblem.tooManyRequests(detail, wait.get().plusSeconds(1));
        }
    }
}
