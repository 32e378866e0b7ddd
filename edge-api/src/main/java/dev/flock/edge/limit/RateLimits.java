package dev.flock.edge.limit;

import dev.flock.edge.web.ApiProblem;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Commands per account and per address; failed logins per username and per address. Over a limit: 429. */
@Component
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

    /** Before a login is checked: refuses while the username or address has used up its failed attempts. */
    public void beforeLogin(String username, String address) {
        if (!enabled) {
            return;
        }
        refuseIfWaiting(failedLoginsPerUsername.exhausted(key(username)), "Too many failed logins for this user.");
        refuseIfWaiting(failedLoginsPerAddress.exhausted(address), "Too many failed logins from this address.");
    }

    public void loginFailed(String username, String address) {
        if (enabled) {
            failedLoginsPerUsername.take(key(username));
            failedLoginsPerAddress.take(address);
        }
    }

    private static void refuseIfWaiting(Optional<Duration> wait, String detail) {
        if (wait.isPresent()) {
            throw ApiProblem.tooManyRequests(detail, wait.get().plusSeconds(1));
        }
    }

    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}
