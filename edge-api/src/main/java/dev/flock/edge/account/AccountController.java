package dev.flock.edge.account;

import dev.flock.contracts.MessageType;
import dev.flock.contracts.command.RegisterAccount;
import dev.flock.contracts.command.UpdateProfile;
import dev.flock.edge.auth.Passwords;
import dev.flock.edge.command.Accepted;
import dev.flock.edge.command.CommandGateway;
import dev.flock.edge.command.CommandOrigin;
import dev.flock.edge.read.ReadCaches;
import dev.flock.edge.read.StaleIfErrorCache;
import dev.flock.edge.web.ApiProblem;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Registration, profile changes, and reading an account. */
@RestController
@RequestMapping("/api/v1/accounts")
class AccountController {

    private final CommandGateway commands;
    private final AccountReadModel accounts;
    private final Passwords passwords;
    private final StaleIfErrorCache<String, AccountView> byId;
    private final StaleIfErrorCache<String, AccountView> byUsername;

    AccountController(CommandGateway commands, AccountReadModel accounts, Passwords passwords, ReadCaches caches) {
        this.commands = commands;
        this.accounts = accounts;
        this.passwords = passwords;
        this.byId = caches.create("accounts-by-id");
        this.byUsername = caches.create("accounts-by-username");
    }

    @PostMapping
    CompletableFuture<ResponseEntity<Accepted>> register(
            @RequestBody AccountRequests.Registration request, CommandOrigin origin) {
        request.validate();
        String displayName = request.displayName() == null ? request.username() : request.displayName();
        return commands.accept(
                origin,
                MessageType.ACCOUNT_REGISTER,
                request,
                accountId -> new RegisterAccount(
                        accountId, request.username(), passwords.hash(request.password()), displayName));
    }

    @PatchMapping("/me")
    CompletableFuture<ResponseEntity<Accepted>> updateProfile(
            @RequestBody AccountRequests.ProfileChange request, CommandOrigin origin) {
        request.validate();
        return commands.accept(
                origin,
                MessageType.ACCOUNT_UPDATE_PROFILE,
                request,
                ignored -> new UpdateProfile(request.displayName(), request.bio()));
    }

    @GetMapping("/{id}")
    AccountView byId(@PathVariable String id) {
        return byId.get(id, key -> accounts.byId(key).map(this::view))
                .orElseThrow(() -> ApiProblem.notFound("No account has this id."));
    }

    @GetMapping("/by-username/{username}")
    AccountView byUsername(@PathVariable String username) {
        return byUsername
                .get(username.toLowerCase(Locale.ROOT), key -> accounts.byUsername(key)
                        .map(this::view))
                .orElseThrow(() -> ApiProblem.notFound("No account has this username."));
    }

    private AccountView view(AccountReadModel.AccountRow row) {
        return new AccountView(
                row.id(),
                row.username(),
                row.displayName(),
                row.bio(),
                row.createdAt(),
                accounts.followers(row.id()),
                accounts.following(row.id()));
    }
}
