package dev.flock.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flock.platform.FlockApplication;
import dev.flock.testsupport.TestInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;

/**
 * {@code flock-admin} as an operator runs it, in the test's JVM and against the test's infrastructure: arguments in;
 * an exit code, the JSON answer on stdout and the messages on stderr out. No edge runs anywhere.
 */
final class AdminTool {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run of the tool left behind. */
    record Run(int exitCode, String out, String err) {

        /** The answer on stdout, once the run is known to have succeeded. */
        JsonNode json() throws Exception {
            assertThat(exitCode).as(err).isZero();
            return JSON.readTree(out);
        }
    }

    private final TestInfrastructure infrastructure;

    AdminTool(TestInfrastructure infrastructure) {
        this.infrastructure = infrastructure;
    }

    Run run(String... arguments) {
        return run(Map.of(), arguments);
    }

    /** Runs the tool with these arguments and settings over the test's. */
    Run run(Map<String, String> settings, String... arguments) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try {
            Map<String, Object> properties = new HashMap<>(infrastructure.properties());
            properties.putAll(settings);
            int exitCode =
                    SpringApplication.exit(FlockApplication.builder(AdminCliApplication.class, AdminCliApplication.NAME)
                            .properties(properties)
                            .run(arguments));
            return new Run(exitCode, printed.toString(StandardCharsets.UTF_8), logged.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
