package dev.flock.edge.auth;

import dev.flock.edge.limit.RateLimits;
import dev.flock.edge.web.ApiProblem;
import dev.flock.edge.web.Checks;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /auth/token}: a username and password for an access token. */
@RestController
class TokenController {

    record Login(String username, String password) {}

    private final AccountCredentials accounts;
    private final Passwords passwords;
    private final Tokens tokens;
    private final AdminProperties admin;
    private final AdminCredential adminCredential;
    private final RateLimits rateLimits;

    TokenController(
            AccountCredentials accounts,
            Passwords passwords,
            Tokens tokens,
            AdminProperties admin,
            SecurityProperties security,
            RateLimits rateLimits) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.tokens = tokens;
        this.admin = admin;
        this.adminCredential = new AdminCredential(admin, security);
        this.rateLimits = rateLimits;
    }

    @PostMapping("/api/v1/auth/token")
    Tokens.Token token(@RequestBody Login login, HttpServletRequest request) {
        new Checks()
                .required("username", login.username())
                .required("password", login.password())
                .orThrow();
        String address = request.getRemoteAddr();
        if (AdminProperties.USERNAME.equalsIgnoreCase(login.username())) {
            // Where the admin login is not served (no password, or another port), it is no login at all: it must
            // not use up the admin's failed attempts, so nobody on the public port can lock the admin out.
            if (!admin.servedOn(request.getLocalPort())) {
                throw failed();
            }
            rateLimits.loginAttempt(login.username(), address);
            if (!adminCredential.matches(login.password())) {
                throw failed();
            }
            rateLimits.loginSucceeded(login.username(), address);
            return tokens.forAdmin();
        }
        rateLimits.loginAttempt(login.username(), address);
        var account = accounts.credentials(login.username());
        if (!passwords.matches(
                login.password(),
                account.map(AccountCredentials.Credentials::passwordHash).orElse(null))) {
            throw failed();
        }
        rateLimits.loginSucceeded(login.username(), address);
        return tokens.forAccount(account.get().accountId(), account.get().username());
    }

    /** The same answer whether the user is unknown or the password wrong. */
    private static ApiProblem failed() {
        return ApiProblem.of(
                HttpStatus.UNAUTHORIZED, "invalid-credentials", "Invalid credentials", "Wrong username or password.");
    }
}
