package dev.flock.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time goes at the limit: a JDK Flight Recorder recording of every Flock process during a phase (started
 * with {@code jcmd}, so the stack needs no profiling options; {@code -XX:FlightRecorderOptions:stackdepth=256} keeps
 * Spring's deep stacks whole), folded into one line per stack ("frame;frame;… samples"), which
 * {@code benchmarks/tools/flame-svg.py} draws as a flame graph.
 */
final class Profiles {

    private final Path runDir;
    private final Path outDir;
    private final List<String> started = new ArrayList<>();

    /** @param runDir where {@code bin/flock} keeps each process's pid ({@code <service>.pid}) */
    Profiles(Path runDir, Path outDir) {
        this.runDir = runDir;
        this.outDir = outDir;
    }

    void start(Duration duration) throws IOException, InterruptedException {
        Files.createDirectories(outDir);
        try (Stream<Path> pids = Files.list(runDir)) {
            for (Path pidFile :
                    pids.filter(p -> p.toString().endsWith(".pid")).sorted().toList()) {
                String service = pidFile.getFileName().toString().replace(".pid", "");
                String pid = Files.readString(pidFile).trim();
                Process jcmd = new ProcessBuilder(
                                "jcmd",
                                pid,
                                "JFR.start",
                                "name=bench",
                                "settings=profile",
                                "duration=" + duration.toSeconds() + "s",
                                "filename=" + recording(service).toAbsolutePath())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (jcmd.waitFor() == 0) {
                    started.add(service);
                }
            }
        }
        System.out.println("  recording " + started);
    }

    /** Folds each recording's CPU samples into {@code <service>.collapsed}; returns each service's sample count. */
    private Map<String, Long> fold() throws IOException {
        Map<String, Long> samples = new HashMap<>();
        for (String service : started) {
            Path recording = recording(service);
            if (!Files.exists(recording)) {
                continue;
            }
            Map<String, Long> stacks = new HashMap<>();
            for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
                if (event.getEventType().getName().equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
                    stacks.merge(folded(event.getStackTrace().getFrames()), 1L, Long::sum);
                }
            }
            samples.put(
                    service, stacks.values().stream().mapToLong(Long::longValue).sum());
            writeFolded(outDir.resolve(service + ".collapsed"), stacks);
        }
        return samples;
    }

    /** Each process's share of the CPU samples, and its hottest frames, as notes of the report. */
    void report(Report report, String phase) throws IOException {
        Map<String, Long> samples = fold();
        long all = samples.values().stream().mapToLong(Long::longValue).sum();
        for (var service : samples.entrySet()) {
            StringBuilder hottest = new StringBuilder();
            for (var frame : hottest(outDir.resolve(service.getKey() + ".collapsed"), 5)) {
                hottest.append(Report.format(
                        " %s %.0f%%;", frame.getKey(), 100.0 * frame.getValue() / Math.max(1, service.getValue())));
            }
            report.note(Report.format(
                    "profile, %s: %s %.0f%% of the Flock processes' CPU samples; its hottest frames:%s",
                    phase, service.getKey(), 100.0 * service.getValue() / Math.max(1, all), hottest));
        }
    }

    /** The frames with the most samples of their own. */
    private static List<Map.Entry<String, Long>> hottest(Path collapsed, int count) throws IOException {
        Map<String, Long> self = new HashMap<>();
        for (String line : Files.readAllLines(collapsed)) {
            int space = line.lastIndexOf(' ');
            String[] frames = line.substring(0, space).split(";");
            self.merge(frames[frames.length - 1], Long.parseLong(line.substring(space + 1)), Long::sum);
        }
        return self.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(count)
                .toList();
    }

    private Path recording(String service) {
        return outDir.resolve(service + ".jfr");
    }

    private static String folded(List<RecordedFrame> frames) {
        StringBuilder stack = new StringBuilder();
        for (int i = frames.size() - 1; i >= 0; i--) {
            var method = frames.get(i).getMethod();
            if (stack.length() > 0) {
                stack.append(';');
            }
            String type = method.getType().getName();
            stack.append(type.substring(type.lastIndexOf('.') + 1)).append('.').append(method.getName());
        }
        return stack.toString();
    }

    private static void writeFolded(Path file, Map<String, Long> stacks) {
        try {
            Files.write(
                    file,
                    stacks.entrySet().stream()
                            .map(entry -> entry.getKey() + " " + entry.getValue())
                            .toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
