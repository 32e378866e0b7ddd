package dev.flock.edge.auth;

import dev.flock.edge.limit.RateLimits;
import dev.flock.edge.web.ApiProblem;
import dev.flock.edge.web.Checks;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
    private final RateLimits rateLimits;

    TokenController(
            AccountCredentials accounts,
            Passwords passwords,
            Tokens tokens,
            AdminProperties admin,
            RateLimits rateLimits) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.tokens = tokens;
        this.admin = admin;
        this.rateLimits = rateLimits;
    }

    @PostMapping("/api/v1/auth/token")
    Tokens.Token token(@RequestBody Login login, HttpServletRequest request) {
        new Checks()
                .required("username", login.username())
                .required("password", login.password())
                .orThrow();
        String address = request.getRemoteAddr();
        rateLimits.beforeLogin(login.username(), address);
        if (AdminProperties.USERNAME.equalsIgnoreCase(login.username())) {
            if (admin.enabled() && sameText(login.password(), admin.password())) {
                return tokens.forAdmin();
            }
            throw failed(login, address);
        }
        var account = accounts.credentials(login.username());
        if (!passwords.matches(
                login.password(),
                account.map(AccountCredentials.Credentials::passwordHash).orElse(null))) {
            throw failed(login, address);
        }
        return tokens.forAccount(account.get().accountId(), account.get().username());
    }

    /** The same answer whether the user is unknown or the password wrong. */
    private ApiProblem failed(Login login, String address) {
        rateLimits.loginFailed(login.username(), address);
        return ApiProblem.of(
                HttpStatus.UNAUTHORIZED, "invalid-credentials", "Invalid credentials", "Wrong username or password.");
    }

    private static boolean sameText(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
