package dev.flock.testsupport;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives every application started with test-support on the classpath (test contexts, slices, the system tests'
 * services) a signing secret of its own, random, when none is configured: the repository holds no secret, and the
 * edge refuses to start without one. Added last, so a secret a test sets (or an empty one, to test the refusal) wins.
 * Two edges that must share a secret (replicas of one system) need it set explicitly.
 */
public class GeneratedTestSecrets implements EnvironmentPostProcessor {

    static final String SECRET = "flock.security.secret";

    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.containsProperty(SECRET)) {
            environment
                    .getPropertySources()
                    .addLast(new MapPropertySource("generatedTestSecrets", Map.of(SECRET, newSecret())));
        }
    }

    /** 384 random bits, base64: what {@code bin/flock up} generates. */
    public static String newSecret() {
        byte[] bytes = new byte[48];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
