package dev.flock.edge.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * In the {@code local} profile only (one edge on a developer's machine, e.g. {@code docker compose up} or an IDE), a
 * missing signing secret is replaced by a random one for this process: tokens and command ids do not outlive a restart,
 * and nothing in the repository can sign. Outside it, a missing secret stops the edge (see {@link SigningSecrets}).
 */
class LocalProfileSecret implements EnvironmentPostProcessor, Ordered {

    static final String PROFILE = "local";
    static final String SECRET = "flock.security.secret";

    private final Log log;

    LocalProfileSecret(DeferredLogFactory logs) {
        this.log = logs.getLog(LocalProfileSecret.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = environment.getProperty(SECRET);
        if (environment.acceptsProfiles(Profiles.of(PROFILE)) && (configured == null || configured.isBlank())) {
            byte[] bytes = new byte[48];
            new SecureRandom().nextBytes(bytes);
            environment
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "localProfileSecret",
                            Map.of(SECRET, Base64.getEncoder().encodeToString(bytes))));
            log.warn("profile 'local': no " + SECRET + " set, using a random one for this process only");
        }
    }

    /** After the configuration files, which activate profiles. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
