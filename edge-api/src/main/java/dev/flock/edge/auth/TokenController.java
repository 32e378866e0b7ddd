package dev.flock.edge.auth;

import dev.flock.edge.limit.RateLimits;
import dev.flock.edge.web.ApiProblem;
import dev.flock.edge.web.Checks;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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
    private final DeviceCookies devices;

    TokenController(
            AccountCredentials accounts,
            Passwords passwords,
            Tokens tokens,
            AdminProperties admin,
            SecurityProperties security,
            RateLimits rateLimits,
            DeviceCookies devices) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.tokens = tokens;
        this.admin = admin;
        this.adminCredential = new AdminCredential(admin, security);
        this.rateLimits = rateLimits;
        this.devices = devices;
    }

    @PostMapping("/api/v1/auth/token")
    ResponseEntity<Tokens.Token> token(@RequestBody Login login, HttpServletRequest request) {
        new Checks()
                .required("username", login.username())
                .required("password", login.password())
                .orThrow();
        String address = request.getRemoteAddr();
        String device = devices.device(request, login.username()).orElse(null);
        if (AdminProperties.USERNAME.equalsIgnoreCase(login.username())) {
            // Where the admin login is not served (no password, or another port), it is no login at all: it must
            // not use up the admin's failed attempts, so nobody on the public port can lock the admin out.
            if (!admin.servedOn(request.getLocalPort())) {
                throw failed();
            }
            rateLimits.loginAttempt(login.username(), address, device);
            if (!adminCredential.matches(login.password())) {
                throw failed();
            }
            rateLimits.loginSucceeded(login.username(), address, device);
            return withDeviceCookie(tokens.forAdmin(), login, request);
        }
        rateLimits.loginAttempt(login.username(), address, device);
        var account = accounts.credentials(login.username());
        if (!passwords.matches(
                login.password(),
                account.map(AccountCredentials.Credentials::passwordHash).orElse(null))) {
            throw failed();
        }
        rateLimits.loginSucceeded(login.username(), address, device);
        return withDeviceCookie(
                tokens.forAccount(account.get().accountId(), account.get().username()), login, request);
    }

    private ResponseEntity<Tokens.Token> withDeviceCookie(Tokens.Token token, Login login, HttpServletRequest request) {
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.SET_COOKIE,
                        devices.issue(login.username(), request.isSecure()).toString())
                .body(token);
    }

    /** The same answer whether the user is unknown or the password wrong. */
    private static ApiProblem failed() {
        return ApiProblem.of(
                HttpStatus.UNAUTHORIZED, "invalid-credentials", "Invalid credentials", "Wrong username or password.");
    }
}
