package dev.flock.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP load generator: threads that each send one request at a time. Closed: every thread sends again as soon as
 * it has its answer (a connection per thread, like wrk). Paced: the threads share a schedule of {@code rate}
 * requests a second, and a request's latency is counted from when it was due, not when a free thread sent it, so a
 * slow server cannot hide its queue (no coordinated omission).
 */
final class Load {

    /** One request; true when the answer was the expected one. */
    interface Request {
        boolean send(long index) throws Exception;
    }

    record Result(Latencies latencies, double seconds) {

        double okPerSecond() {
            return latencies.ok() / seconds;
        }
    }

    private Load() {}

    static Result closed(int threads, Duration duration, Request request) throws InterruptedException {
        AtomicLong sequence = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        return run(threads, request, () -> {
            long now = System.nanoTime();
            return now < end ? new Due(sequence.getAndIncrement(), now) : null;
        });
    }

    static Result paced(int threads, double rate, Duration duration, Request request) throws InterruptedException {
        AtomicLong sequence = new AtomicLong();
        long start = System.nanoTime();
        long total = (long) (rate * duration.toSeconds());
        return run(threads, request, () -> {
            long index = sequence.getAndIncrement();
            if (index >= total) {
                return null;
            }
            long due = start + (long) (index * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            return new Due(index, due);
        });
    }

    private record Due(long index, long nanos) {}

    private interface Schedule {
        Due next();
    }

    private static Result run(int threads, Request request, Schedule schedule) throws InterruptedException {
        Latencies latencies = new Latencies();
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                for (Due due = schedule.next(); due != null; due = schedule.next()) {
                    boolean ok;
                    try {
                        ok = request.send(due.index());
                    } catch (Exception e) {
                        ok = false;
                    }
                    latencies.record(System.nanoTime() - due.nanos(), ok);
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return new Result(latencies, (System.nanoTime() - start) / 1e9);
    }
}
