package dev.flock.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The setup phase: {@code size} accounts {@code bench_0..}, account i following the {@code follows} accounts after it
 * (so the followers of account j are the {@code follows} before it). Kept between runs: a second run logs in and
 * finds the follows in place.
 */
final class Population {

    record Member(String username, String id, String token) {}

    private final Api api;
    private final int size;
    private final int follows;
    private final List<Member> members = new ArrayList<>();

    Population(Api api, int size, int follows) {
        this.api = api;
        this.size = size;
        this.follows = Math.min(follows, size - 1);
    }

    List<Member> members() {
        return members;
    }

    /** The accounts that follow {@code author}. */
    List<Member> followersOf(int author) {
        List<Member> followers = new ArrayList<>();
        for (int k = 1; k <= follows; k++) {
            followers.add(members.get(Math.floorMod(author - k, size)));
        }
        return followers;
    }

    void build() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<String> registrations = new ArrayList<>(parallel(pool, size, i -> {
                Api.Answer answer = api.register(username(i), password(i));
                return answer.is(202) ? answer.text("commandId") : null;
            }));
            awaitFinished(pool, registrations);
            members.addAll(parallel(pool, size, i -> {
                Api.Answer token = api.token(username(i), password(i));
                Api.Answer account = api.byUsername(username(i));
                if (!token.is(200) || !account.is(200)) {
                    throw new IllegalStateException("cannot log in as " + username(i) + ": " + token.status());
                }
                return new Member(username(i), account.text("id"), token.text("accessToken"));
            }));
            List<String> followCommands = new ArrayList<>();
            parallel(pool, size, i -> {
                        Member member = members.get(i);
                        List<String> sent = new ArrayList<>();
                        if (api.byUsername(member.username())
                                        .body()
                                        .path("following")
                                        .asInt()
                                < follows) {
                            for (int k = 1; k <= follows; k++) {
                                sent.add(api.follow(
                                                member.token(),
                                                members.get((i + k) % size).id())
                                        .text("commandId"));
                            }
                        }
                        return sent;
                    })
                    .forEach(followCommands::addAll);
            awaitFinished(pool, followCommands);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Polls the status of each command until none is PENDING. */
    private void awaitFinished(ExecutorService pool, List<String> commandIds) throws Exception {
        List<String> pending = commandIds.stream().filter(id -> id != null).toList();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (!pending.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(pending.size() + " setup commands still pending after 10 minutes");
            }
            List<String> check = pending;
            pending = parallel(pool, check.size(), i -> {
                        String status = api.command(check.get(i)).text("status");
                        return "PENDING".equals(status) ? check.get(i) : null;
                    })
                    .stream()
                    .filter(id -> id != null)
                    .toList();
            if (!pending.isEmpty()) {
                Thread.sleep(500);
            }
        }
    }

    interface Step<T> {
        T run(int index) throws Exception;
    }

    /** Runs {@code step} for 0..count-1 on the pool; results in index order (nulls kept). */
    private static <T> List<T> parallel(ExecutorService pool, int count, Step<T> step) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            futures.add(pool.submit(() -> step.run(index)));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    private static String username(int i) {
        return "bench_" + i;
    }

    private static String password(int i) {
        return "bench-password-" + i;
    }
}
