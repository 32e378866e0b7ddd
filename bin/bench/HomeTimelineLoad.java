import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GET /timelines/home at 16 connections against a running stack (bin/flock up), beside the edge's own liveness rate.
 * Sets up a reader following 20 authors with 10 posts each, then loads for the given seconds.
 *
 * <p>Run: {@code java bin/bench/HomeTimelineLoad.java [base URL] [seconds] [connections]}
 */
public class HomeTimelineLoad {

    static final HttpClient http =
            HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        String api = base + "/api/v1";
        String run = UUID.randomUUID().toString().substring(0, 6);

        String reader = "reader_" + run;
        register(api, reader);
        String readerToken = login(api, reader);
        String lastCommand = null;
        for (int a = 0; a < 20; a++) {
            String author = "author_" + run + "_" + a;
            String authorId = register(api, author);
            String token = login(api, author);
            lastCommand = field(send(api + "/accounts/me/following", "{\"accountId\":\"" + authorId + "\"}", readerToken), "commandId");
            for (int p = 0; p < 10; p++) {
                lastCommand = field(send(api + "/posts", "{\"text\":\"post " + p + " of " + author + "\"}", token), "commandId");
            }
        }
        awaitApplied(api, lastCommand);
        long deadline = System.currentTimeMillis() + 60_000;
        while (count(get(api + "/timelines/home", readerToken).body(), "\"text\"") < 20) {
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException("timeline not filled");
            Thread.sleep(200);
        }
        load("warm-up /timelines/home", api + "/timelines/home", readerToken, 5, connections);
        load("GET /actuator/health/liveness", base + "/actuator/health/liveness", null, seconds, connections);
        load("GET /api/v1/timelines/home", api + "/timelines/home", readerToken, seconds, connections);
    }

    static void load(String name, String url, String token, int seconds, int connections) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<long[]> samples = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            long[] latencies = new long[2_000_000];
            samples.add(latencies);
            int slot = c;
            Thread thread = new Thread(() -> {
                int n = 0;
                while (System.nanoTime() < end && n < latencies.length - 1) {
                    long start = System.nanoTime();
                    try {
                        if (get(url, token).statusCode() != 200) errors.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies[++n] = System.nanoTime() - start;
                }
                latencies[0] = n;
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) thread.join();
        long total = samples.stream().mapToLong(s -> s[0]).sum();
        long[] all = new long[(int) total];
        int i = 0;
        for (long[] s : samples) {
            System.arraycopy(s, 1, all, i, (int) s[0]);
            i += (int) s[0];
        }
        Arrays.sort(all);
        System.out.printf(
                "%-32s %d connections, %ds: %.0f req/s, p50 %.1f ms, p99 %.1f ms, errors %d%n",
                name, connections, seconds, total / (double) seconds,
                all[(int) (all.length * 0.50)] / 1e6, all[(int) (all.length * 0.99)] / 1e6, errors.get());
    }

    static String register(String api, String username) throws Exception {
        String body = send(api + "/accounts", "{\"username\":\"" + username + "\",\"password\":\"correct horse\"}", null);
        awaitApplied(api, field(body, "commandId"));
        return field(body, "resourceId");
    }

    static String login(String api, String username) throws Exception {
        return field(send(api + "/auth/token", "{\"username\":\"" + username + "\",\"password\":\"correct horse\"}", null), "accessToken");
    }

    static void awaitApplied(String api, String commandId) throws Exception {
        while (get(api + "/commands/" + commandId, null).body().contains("\"PENDING\"")) {
            Thread.sleep(100);
        }
    }

    static String send(String url, String json, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) request.header("Authorization", "Bearer " + token);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) throw new IllegalStateException("no " + name + " in " + json);
        return m.group(1);
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }
}
