package dev.flock.edge.account;

import dev.flock.contracts.MessageType;
import dev.flock.contracts.command.FollowAccount;
import dev.flock.contracts.command.UnfollowAccount;
import dev.flock.edge.command.Accepted;
import dev.flock.edge.command.CommandGateway;
import dev.flock.edge.command.CommandOrigin;
import dev.flock.edge.web.ApiProblem;
import dev.flock.edge.web.Checks;
import dev.flock.edge.web.Page;
import dev.flock.edge.web.PageRequest;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Following and unfollowing, and the lists of followers and followed accounts. */
@RestController
@RequestMapping("/api/v1/accounts")
class FollowController {

    private final CommandGateway commands;
    private final AccountReadModel accounts;

    FollowController(CommandGateway commands, AccountReadModel accounts) {
        this.commands = commands;
        this.accounts = accounts;
    }

    @PostMapping("/me/following")
    CompletableFuture<ResponseEntity<Accepted>> follow(
            @RequestBody AccountRequests.Follow request, CommandOrigin origin) {
        request.validate();
        if (request.accountId().equals(origin.accountId())) {
            throw ApiProblem.of(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "cannot-follow-self",
                    "Cannot follow yourself",
                    "An account cannot follow itself.");
        }
        return commands.accept(
                origin, MessageType.ACCOUNT_FOLLOW, request, ignored -> new FollowAccount(request.accountId()));
    }

    @DeleteMapping("/me/following/{accountId}")
    CompletableFuture<ResponseEntity<Accepted>> unfollow(@PathVariable String accountId, CommandOrigin origin) {
        new Checks().id("accountId", accountId).orThrow();
        return commands.accept(
                origin, MessageType.ACCOUNT_UNFOLLOW, accountId, ignored -> new UnfollowAccount(accountId));
    }

    @GetMapping("/{id}/followers")
    ResponseEntity<Page<AccountSummary>> followers(
            @PathVariable String id,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String before) {
        PageRequest page = PageRequest.of(limit, before);
        requireAccount(id);
        return accounts.followers(id, page).map(AccountSummary::of).toResponse();
    }

    @GetMapping("/{id}/following")
    ResponseEntity<Page<AccountSummary>> following(
            @PathVariable String id,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String before) {
        PageRequest page = PageRequest.of(limit, before);
        requireAccount(id);
        return accounts.following(id, page).map(AccountSummary::of).toResponse();
    }

    private void requireAccount(String id) {
        if (!accounts.exists(id)) {
            throw ApiProblem.notFound("No account has this id.");
        }
    }
}
