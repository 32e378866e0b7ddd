package dev.flock.edge.post;

import dev.flock.contracts.Limits;
import dev.flock.contracts.MessageType;
import dev.flock.contracts.command.CreatePost;
import dev.flock.contracts.command.DeletePost;
import dev.flock.edge.account.AccountReadModel;
import dev.flock.edge.command.Accepted;
import dev.flock.edge.command.CommandGateway;
import dev.flock.edge.command.CommandOrigin;
import dev.flock.edge.read.ReadCaches;
import dev.flock.edge.read.StaleIfErrorCache;
import dev.flock.edge.web.ApiProblem;
import dev.flock.edge.web.Checks;
import dev.flock.edge.web.Page;
import dev.flock.edge.web.PageRequest;
import java.text.Normalizer;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Posting, deleting, reading a post and an author's posts. */
@RestController
class PostController {

    record NewPost(String text) {

        /** The text as stored: NFC, so that length and equality mean what a reader sees. */
        String normalizedText() {
            return Normalizer.normalize(text, Normalizer.Form.NFC);
        }

        void validate() {
            new Checks()
                    .required("text", text)
                    .notBlank("text", text)
                    .length("text", text, 1, Limits.POST_TEXT_MAX)
                    .orThrow();
        }
    }

    private final CommandGateway commands;
    private final PostReadModel posts;
    private final AccountReadModel accounts;
    private final StaleIfErrorCache<String, PostView> byId;

    PostController(CommandGateway commands, PostReadModel posts, AccountReadModel accounts, ReadCaches caches) {
        this.commands = commands;
        this.posts = posts;
        this.accounts = accounts;
        this.byId = caches.create("posts-by-id");
    }

    @PostMapping("/api/v1/posts")
    CompletableFuture<ResponseEntity<Accepted>> create(@RequestBody NewPost request, CommandOrigin origin) {
        request.validate();
        return commands.accept(
                origin,
                MessageType.POST_CREATE,
                request,
                postId -> new CreatePost(postId, origin.username(), request.normalizedText()));
    }

    /** Whether the caller may delete the post is the worker's decision: REJECTED NOT_AUTHOR otherwise. */
    @DeleteMapping("/api/v1/posts/{postId}")
    CompletableFuture<ResponseEntity<Accepted>> delete(@PathVariable String postId, CommandOrigin origin) {
        new Checks().id("postId", postId).orThrow();
        return commands.accept(origin, MessageType.POST_DELETE, postId, ignored -> new DeletePost(postId));
    }

    @GetMapping("/api/v1/posts/{id}")
    PostView byId(@PathVariable String id) {
        return byId.get(id, posts::byId).orElseThrow(() -> ApiProblem.notFound("No post has this id."));
    }

    @GetMapping("/api/v1/accounts/{id}/posts")
    ResponseEntity<Page<PostView>> byAuthor(
            @PathVariable String id,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String before) {
        PageRequest page = PageRequest.of(limit, before);
        if (!accounts.exists(id)) {
            throw ApiProblem.notFound("No account has this id.");
        }
        return posts.byAuthor(id, page).toResponse();
    }
}
