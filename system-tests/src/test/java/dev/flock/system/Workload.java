package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The load of one reliability scenario, in a world of accounts of its own: posts, follows, unfollows, deletes and
 * registrations (some of a taken username, which must end REJECTED), sent at a steady rate until the fault is over
 * and at least a minimum was sent. Each follow pair and each post is touched by one command at most, so the state
 * the read models must settle on follows from the commands accepted alone, whatever order they were applied in.
 */
final class Workload implements Supplier<CommandLoad.Request> {

    static final String PASSWORD = "password one";

    /** SPEC: a home timeline keeps the newest 800; the expected timelines here are whole, so must stay below. */
    private static final int TIMELINE_CAPACITY = 800;

    /** A follow edge, by account index. */
    record Pair(int follower, int followed) {}

    /** A post set up before the load, so the load can delete it. */
    record Post(String id, int author, String text) {}

    /** What the read models must hold once the system settled. */
    record Expected(
            Map<Integer, Set<String>> textsByAuthor,
            Map<Integer, Set<Integer>> followersOf,
            Map<Integer, Set<String>> timelineOf,
            Set<String> registeredUsernames,
            Set<String> rejectedCommandIds) {}

    private final List<Api.Account> accounts;
    private final String run;
    private final Set<Pair> initialFollows;
    private final List<Post> initialPosts;
    private final Deque<Pair> toFollow = new ArrayDeque<>();
    private final Deque<Pair> toUnfollow = new ArrayDeque<>();
    private final Deque<Post> toDelete = new ArrayDeque<>();
    private final Map<String, Integer> authorOfToken = new HashMap<>();
    private final int minimum;
    private final int maximum;
    private final long intervalNanos;
    private long nextSlot;
    private int sent;
    private volatile boolean faultOver;

    private Workload(
            List<Api.Account> accounts,
            String run,
            Set<Pair> initialFollows,
            List<Post> initialPosts,
            int minimum,
            int maximum,
            double perSecond) {
        this.accounts = accounts;
        this.run = run;
        this.initialFollows = initialFollows;
        this.initialPosts = initialPosts;
        this.minimum = minimum;
        this.maximum = maximum;
        this.intervalNanos = (long) (1e9 / perSecond);
        int size = accounts.size();
        for (int offset = 4; offset <= 6; offset++) {
            for (int follower = 0; follower < size; follower++) {
                toFollow.add(new Pair(follower, (follower + offset) % size));
            }
        }
        toUnfollow.addAll(initialFollows);
        toDelete.addAll(initialPosts);
        for (int n = 0; n < size; n++) {
            authorOfToken.put(accounts.get(n).token(), n);
        }
    }

    /**
     * Registers {@code size} accounts, makes each follow the next three, and has each write three posts, all applied
     * before this returns: the world the load then changes.
     */
    static Workload setUp(Api api, String scenario, int size, int minimum, int maximum, double perSecond)
            throws Exception {
        String run = scenario + "_" + UUID.randomUUID().toString().substring(0, 6);
        List<CommandLoad.Request> registrations = IntStream.range(0, size)
                .mapToObj(n -> new CommandLoad.Request(
                        "POST", "/accounts", Map.of("username", run + "_" + n, "password", PASSWORD), null))
                .toList();
        settle(api, registrations);
        List<Api.Account> accounts = new ArrayList<>();
        for (int n = 0; n < size; n++) {
            String username = run + "_" + n;
            Api.Response account = api.get("/accounts/by-username/" + username, null);
            accounts.add(new Api.Account(account.body().get("id").asText(), username, api.token(username, PASSWORD)));
        }
        Set<Pair> follows = new HashSet<>();
        List<CommandLoad.Request> followRequests = new ArrayList<>();
        for (int follower = 0; follower < size; follower++) {
            for (int offset = 1; offset <= 3; offset++) {
                Pair pair = new Pair(follower, (follower + offset) % size);
                follows.add(pair);
                followRequests.add(follow(accounts, pair));
            }
        }
        settle(api, followRequests);
        List<CommandLoad.Request> postRequests = new ArrayList<>();
        for (int author = 0; author < size; author++) {
            for (int n = 0; n < 3; n++) {
                postRequests.add(CommandLoad.Request.post(
                        run + " initial " + author + "/" + n,
                        accounts.get(author).token()));
            }
        }
        List<Post> posts = new ArrayList<>();
        for (CommandLoad.Accepted post : settle(api, postRequests)) {
            int author = accounts.indexOf(accounts.stream()
                    .filter(account -> account.token().equals(post.request().token()))
                    .findFirst()
                    .orElseThrow());
            posts.add(new Post(post.resourceId(), author, text(post.request())));
        }
        return new Workload(accounts, run, follows, posts, minimum, maximum, perSecond);
    }

    /** Sends the requests, waits until each is APPLIED: setting up is not under test. */
    private static List<CommandLoad.Accepted> settle(Api api, List<CommandLoad.Request> requests) throws Exception {
        List<CommandLoad.Accepted> accepted =
                new CommandLoad(api, 8, n -> {}).run(requests).accepted();
        for (CommandLoad.Accepted command : accepted) {
            assertThat(api.awaitOutcome(command.commandId()).get("status").asText())
                    .as(
                            "set-up command %s %s",
                            command.request().path(), command.request().body())
                    .isEqualTo("APPLIED");
        }
        return accepted;
    }

    List<Api.Account> accounts() {
        return accounts;
    }

    /** From now on the load ends once it sent its minimum. */
    void faultOver() {
        faultOver = true;
    }

    /** The next request, at its time; null once the load is over. */
    @Override
    public CommandLoad.Request get() {
        long slot;
        CommandLoad.Request request;
        synchronized (this) {
            if (sent >= maximum || (faultOver && sent >= minimum)) {
                return null;
            }
            request = next(sent++);
            long now = System.nanoTime();
            nextSlot = Math.max(nextSlot + intervalNanos, now);
            slot = nextSlot;
        }
        // A steady rate, so the load spans the fault instead of racing ahead of it.
        LockSupport.parkNanos(slot - System.nanoTime());
        return request;
    }

    private CommandLoad.Request next(int n) {
        int size = accounts.size();
        switch (n % 10) {
            case 6 -> {
                if (!toFollow.isEmpty()) {
                    return follow(accounts, toFollow.poll());
                }
            }
            case 7 -> {
                if (!toUnfollow.isEmpty()) {
                    Pair pair = toUnfollow.poll();
                    return new CommandLoad.Request(
                            "DELETE",
                            "/accounts/me/following/"
                                    + accounts.get(pair.followed()).id(),
                            null,
                            accounts.get(pair.follower()).token());
                }
            }
            case 8 -> {
                if (!toDelete.isEmpty()) {
                    Post post = toDelete.poll();
                    return new CommandLoad.Request(
                            "DELETE",
                            "/posts/" + post.id(),
                            null,
                            accounts.get(post.author()).token());
                }
            }
            case 9 -> {
                // Every fifth registration takes a username already taken, in other letters' case: REJECTED.
                String username =
                        n % 50 == 9 ? accounts.get(n % size).username().toUpperCase(Locale.ROOT) : run + "_new_" + n;
                return new CommandLoad.Request(
                        "POST", "/accounts", Map.of("username", username, "password", PASSWORD), null);
            }
            default -> {}
        }
        int author = (n * 7) % size;
        return CommandLoad.Request.post(run + " load " + n, accounts.get(author).token());
    }

    /** What the read models must show, given the commands that were accepted. */
    Expected expected(List<CommandLoad.Accepted> accepted) {
        Map<Integer, Set<String>> texts = new LinkedHashMap<>();
        Map<Integer, Set<String>> postIds = new HashMap<>();
        Set<Pair> follows = new HashSet<>(initialFollows);
        Set<String> deleted = new HashSet<>();
        Set<String> registered = new HashSet<>();
        Set<String> rejected = new HashSet<>();
        for (int n = 0; n < accounts.size(); n++) {
            texts.put(n, new HashSet<>());
            postIds.put(n, new HashSet<>());
        }
        for (CommandLoad.Accepted command : accepted) {
            CommandLoad.Request request = command.request();
            Integer actor = authorOfToken.get(request.token());
            String path = request.path();
            String lastSegment = path.substring(path.lastIndexOf('/') + 1);
            if (request.method().equals("POST") && path.equals("/posts")) {
                texts.get(actor).add(text(request));
                postIds.get(actor).add(command.resourceId());
            } else if (request.method().equals("POST") && path.equals("/accounts/me/following")) {
                follows.add(new Pair(actor, indexOf(body(request, "accountId"))));
            } else if (request.method().equals("DELETE") && path.startsWith("/accounts/me/following/")) {
                follows.remove(new Pair(actor, indexOf(lastSegment)));
            } else if (request.method().equals("DELETE") && path.startsWith("/posts/")) {
                deleted.add(lastSegment);
            } else if (request.method().equals("POST") && path.equals("/accounts")) {
                String username = body(request, "username");
                if (username.startsWith(run + "_new_")) {
                    registered.add(username);
                } else {
                    rejected.add(command.commandId());
                }
            } else {
                throw new IllegalStateException("not a request of the load: " + request);
            }
        }
        for (Post post : initialPosts) {
            if (!deleted.contains(post.id())) {
                texts.get(post.author()).add(post.text());
                postIds.get(post.author()).add(post.id());
            }
        }
        Map<Integer, Set<Integer>> followers = new LinkedHashMap<>();
        Map<Integer, Set<String>> timelines = new LinkedHashMap<>();
        for (int n = 0; n < accounts.size(); n++) {
            followers.put(n, new HashSet<>());
            timelines.put(n, new HashSet<>(postIds.get(n)));
        }
        for (Pair pair : follows) {
            followers.get(pair.followed()).add(pair.follower());
            timelines.get(pair.follower()).addAll(postIds.get(pair.followed()));
        }
        timelines.forEach((owner, timeline) -> {
            if (timeline.size() > TIMELINE_CAPACITY) {
                throw new IllegalStateException("the load outgrew a home timeline's cap (" + timeline.size()
                        + " posts for " + accounts.get(owner).username() + "): use more accounts or a lower rate");
            }
        });
        return new Expected(texts, followers, timelines, registered, rejected);
    }

    int indexOf(String accountId) {
        for (int n = 0; n < accounts.size(); n++) {
            if (accounts.get(n).id().equals(accountId)) {
                return n;
            }
        }
        throw new IllegalArgumentException("not an account of this load: " + accountId);
    }

    String run() {
        return run;
    }

    private static CommandLoad.Request follow(List<Api.Account> accounts, Pair pair) {
        return new CommandLoad.Request(
                "POST",
                "/accounts/me/following",
                Map.of("accountId", accounts.get(pair.followed()).id()),
                accounts.get(pair.follower()).token());
    }

    private static String text(CommandLoad.Request request) {
        return body(request, "text");
    }

    @SuppressWarnings("unchecked")
    private static String body(CommandLoad.Request request, String field) {
        return ((Map<String, String>) request.body()).get(field);
    }

    /** How long a steady load of {@code count} takes at {@code perSecond}. */
    static Duration lengthOf(int count, double perSecond) {
        return Duration.ofMillis((long) (count * 1000 / perSecond));
    }
}
