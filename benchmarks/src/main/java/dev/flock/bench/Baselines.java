package dev.flock.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;

/** The same-run references: what the broker and the store do alone on this machine. */
final class Baselines {

    private static final Pattern SENDING = Pattern.compile("sending rate avg: (\\d+) msg/s");
    private static final Pattern RECEIVING = Pattern.compile("receiving rate avg: (\\d+) msg/s");

    /** Messages a second of RabbitMQ PerfTest, sent and received. */
    record PerfTestRate(double sent, double received) {}

    private Baselines() {}

    /**
     * RabbitMQ PerfTest in a process of its own (this jar, {@code loader.main}): one producer, one consumer, 1 KB
     * persistent messages with publisher confirms into a quorum queue of its own, deleted afterwards.
     */
    static PerfTestRate perfTest(String amqpUri, int seconds, int confirmWindow) throws Exception {
        // Started with java -jar: the class path is this jar.
        String jar = System.getProperty("java.class.path").split(File.pathSeparator)[0];
        List<String> command = new ArrayList<>(List.of(
                javaBinary(),
                "-Xmx256m",
                "-Dloader.main=com.rabbitmq.perf.PerfTest",
                "-jar",
                jar,
                "--uri",
                amqpUri,
                "--queue",
                "flock-bench.perf-test",
                "--quorum-queue",
                "--flag",
                "persistent",
                "--confirm",
                Integer.toString(confirmWindow),
                "--size",
                "1000",
                "--producers",
                "1",
                "--consumers",
                "1",
                "--time",
                Integer.toString(seconds)));
        System.out.println("  $ " + String.join(" ", command));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Double sent = null;
        Double received = null;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Matcher s = SENDING.matcher(line);
                Matcher r = RECEIVING.matcher(line);
                if (s.find()) {
                    sent = Double.parseDouble(s.group(1));
                }
                if (r.find()) {
                    received = Double.parseDouble(r.group(1));
                }
                if (line.contains("sending rate avg") || line.contains("Exception")) {
                    System.out.println("  perf-test: " + line.trim());
                }
            }
        }
        deleteQueue(amqpUri, "flock-bench.perf-test");
        if (process.waitFor() != 0 || sent == null || received == null) {
            throw new IllegalStateException("PerfTest failed (exit " + process.exitValue() + ")");
        }
        return new PerfTestRate(sent, received);
    }

    /** PerfTest 2.22 has no option to delete its (quorum, so never auto-deleted) queue at the end. */
    private static void deleteQueue(String amqpUri, String queue) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(amqpUri);
        try (Connection connection = factory.newConnection();
                Channel channel = connection.createChannel()) {
            channel.queueDelete(queue);
        }
    }

    /** Acknowledged inserts a second of 1 KB documents, one at a time, into a scratch database of the store. */
    static double storeInserts(MongoClient mongo, int seconds) {
        MongoCollection<Document> scratch = mongo.getDatabase("flock-bench").getCollection("inserts");
        scratch.drop();
        String text = "x".repeat(1000);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        long count = 0;
        while (System.nanoTime() < end) {
            scratch.insertOne(new Document("_id", "doc-" + count).append("text", text));
            count++;
        }
        double rate = count / ((System.nanoTime() - start) / 1e9);
        mongo.getDatabase("flock-bench").drop();
        return rate;
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
