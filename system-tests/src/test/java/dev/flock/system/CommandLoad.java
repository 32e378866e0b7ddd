package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Commands sent by concurrent clients the way a careful client sends them: each request with an
 * {@code Idempotency-Key} of its own, sent again with the same key after a 503 or a connection error until the edge
 * answers 202. A 503 means "not confirmed", not "not applied": the command may be applied all the same when only its
 * confirm was lost, and the key is what makes the repeat harmless. A load may run in parts; it counts them all.
 */
final class CommandLoad {

    /** One command request, as a client means it once, however often it has to send it. */
    record Request(String method, String path, Object body, String token) {

        static Request post(String text, String token) {
            return new Request("POST", "/posts", Map.of("text", text), token);
        }
    }

    /** The 202 that a request ended with. {@code resourceId} is null for commands that create nothing. */
    record Accepted(Request request, String commandId, String resourceId) {}

    /**
     * One HTTP request of the load: when it was sent, how long its answer took, and the answer's status (0: none).
     */
    record Send(Instant sentAt, Duration took, int status) {}

    /**
     * @param requests         distinct requests, each with its own key
     * @param refused          503 answers, repeats of a request included
     * @param connectionErrors sends that got no answer at all
     * @param sends            HTTP requests sent, repeats included
     * @param latencies        every HTTP request sent, repeats included
     */
    record Report(
            List<Accepted> accepted, int requests, int refused, int connectionErrors, int sends, List<Send> latencies) {

        int retries() {
            return sends - requests;
        }

        /** For the test's summary line; {@code sent} counts requests, each once however often it was repeated. */
        String counts() {
            return "sent=%d 202s=%d 503s=%d connection-errors=%d retries=%d"
                    .formatted(requests, accepted.size(), refused, connectionErrors, retries());
        }
    }

    /** Shorter than the edge's {@code Retry-After}: the test need not wait as long as a polite client would. */
    private static final Duration RETRY_DELAY = Duration.ofMillis(500);

    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(90);

    private final Api api;
    private final int clients;
    private final Duration giveUpAfter;
    private final IntConsumer afterAccepted;
    private final ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
    private final AtomicInteger acceptedCount = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger connectionErrors = new AtomicInteger();
    private final AtomicInteger sends = new AtomicInteger();
    private final AtomicInteger requested = new AtomicInteger();
    private final ConcurrentLinkedQueue<Send> latencies = new ConcurrentLinkedQueue<>();

    /**
     * @param afterAccepted runs with n after the n-th 202 of the load (counting from 1), on the client thread that
     *                      got it, before that client sends anything else: where a test injects its fault
     */
    CommandLoad(Api api, int clients, IntConsumer afterAccepted) {
        this(api, clients, GIVE_UP_AFTER, afterAccepted);
    }

    /** @param giveUpAfter how long a client repeats one request before it gives up (and the load fails) */
    CommandLoad(Api api, int clients, Duration giveUpAfter, IntConsumer afterAccepted) {
        this.api = api;
        this.clients = clients;
        this.giveUpAfter = giveUpAfter;
        this.afterAccepted = afterAccepted;
    }

    /**
     * Sends every request until it is accepted, from {@code clients} threads at once, each taking the next one.
     *
     * @return what the load did so far, this part and those before
     */
    Report run(List<Request> requests) throws InterruptedException, ExecutionException {
        Iterator<Request> next = requests.iterator();
        return run(() -> {
            synchronized (next) {
                return next.hasNext() ? next.next() : null;
            }
        });
    }

    /**
     * Sends the requests {@code next} gives until it gives null, from {@code clients} threads at once, each asking
     * it for the next one when it is done with its last: for loads whose length is decided while they run.
     *
     * @return what the load did so far, this part and those before
     */
    Report run(Supplier<Request> next) throws InterruptedException, ExecutionException {
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                running.add(threads.submit(() -> {
                    Request request;
                    while ((request = next.get()) != null) {
                        requested.incrementAndGet();
                        accepted.add(untilAccepted(request));
                        afterAccepted.accept(acceptedCount.incrementAndGet());
                    }
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            threads.shutdownNow();
        }
        return new Report(
                List.copyOf(accepted),
                requested.get(),
                refused.get(),
                connectionErrors.get(),
                sends.get(),
                List.copyOf(latencies));
    }

    /** 202s so far, while the load runs. */
    int acceptedSoFar() {
        return acceptedCount.get();
    }

    private Accepted untilAccepted(Request request) {
        String key = UUID.randomUUID().toString();
        Api.Response response = await().atMost(giveUpAfter)
                .pollInSameThread()
                .pollDelay(Duration.ZERO)
                .pollInterval(RETRY_DELAY)
                .until(() -> send(request, key), answer -> answer != null && answer.status() == 202);
        return new Accepted(
                request,
                response.body().get("commandId").asText(),
                response.body().hasNonNull("resourceId")
                        ? response.body().get("resourceId").asText()
                        : null);
    }

    /** @return the answer, or null when there was none */
    private Api.Response send(Request request, String key) {
        sends.incrementAndGet();
        Instant sentAt = Instant.now();
        long started = System.nanoTime();
        Api.Response response;
        try {
            response = api.send(request.method(), request.path(), request.body(), request.token(), key);
        } catch (UncheckedIOException e) {
            connectionErrors.incrementAndGet();
            latencies.add(new Send(sentAt, Duration.ofNanos(System.nanoTime() - started), 0));
            return null;
        }
        latencies.add(new Send(sentAt, Duration.ofNanos(System.nanoTime() - started), response.status()));
        if (response.status() == 503) {
            refused.incrementAndGet();
            assertThat(response.header("Retry-After"))
                    .as("Retry-After of a 503")
                    .isNotNull();
        } else {
            assertThat(response.status())
                    .as("%s %s -> %s", request.method(), request.path(), response.body())
                    .isEqualTo(202);
        }
        return response;
    }
}
