package dev.flock.bench;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts by authors with followers, each looked for in all its followers' home timelines until every one has it: the
 * time from the {@code 202} to the last of them. Every page read is also checked for a post twice.
 */
final class FanOutProbes {

    private static final Duration GIVE_UP = Duration.ofSeconds(30);

    /** What a run of probes saw. */
    record Seen(Latencies visible, long missing) {}

    private final Api api;
    private final Population population;
    private final AcceptedPosts accepted;
    private final AtomicLong repeatedEntries = new AtomicLong();

    FanOutProbes(Api api, Population population, AcceptedPosts accepted) {
        this.api = api;
        this.population = population;
        this.accepted = accepted;
    }

    /** Probes one after the other until {@code duration} passed. */
    Seen run(Duration duration) throws Exception {
        Latencies visible = new Latencies();
        long missing = 0;
        long end = System.nanoTime() + duration.toNanos();
        for (int probe = 0; System.nanoTime() < end; probe++) {
            int author = (probe * 7) % population.members().size();
            Population.Member member = population.members().get(author);
            long posted = System.nanoTime();
            Api.Answer answer = api.post(member.token(), "fan-out probe " + probe + " at " + posted);
            if (!answer.is(202)) {
                continue;
            }
            accepted.add(answer);
            String postId = answer.text("resourceId");
            Set<Population.Member> waiting = new HashSet<>(population.followersOf(author));
            long deadline = posted + GIVE_UP.toNanos();
            while (!waiting.isEmpty() && System.nanoTime() < deadline) {
                waiting.removeIf(follower -> timelineHas(follower, postId));
            }
            if (waiting.isEmpty()) {
                visible.record(System.nanoTime() - posted, true);
            } else {
                missing++;
                System.out.println("  probe " + postId + " missing from " + waiting.size() + " timelines after "
                        + GIVE_UP.toSeconds() + " s");
            }
        }
        return new Seen(visible, missing);
    }

    /** One page read, as a reader would; false unless it answered 200. */
    boolean read(Population.Member reader) throws Exception {
        Api.Answer page = api.homeTimeline(reader.token(), 20);
        countRepeats(page);
        return page.is(200);
    }

    long repeatedEntries() {
        return repeatedEntries.get();
    }

    private boolean timelineHas(Population.Member reader, String postId) {
        try {
            Api.Answer page = api.homeTimeline(reader.token(), 100);
            countRepeats(page);
            for (var item : page.body().path("items")) {
                if (postId.equals(item.path("id").asText())) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /** A post twice in one page of a home timeline is a duplicate the SPEC forbids. */
    private void countRepeats(Api.Answer page) {
        Set<String> seen = new HashSet<>();
        for (var item : page.body().path("items")) {
            if (!seen.add(item.path("id").asText())) {
                repeatedEntries.incrementAndGet();
            }
        }
    }
}
