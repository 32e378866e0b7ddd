package dev.flock.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

/** Issue 10, finding 1: only the {@code local} profile starts without a configured secret, with a random one. */
class LocalProfileSecretTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SecurityProperties.class)
    static class Properties {}

    private final ApplicationContextRunner edge =
            new ApplicationContextRunner().withUserConfiguration(Properties.class);

    @Test
    void outsideTheLocalProfileTheEdgeDoesNotStartWithoutASecret() {
        edge.run(context -> assertThat(context)
                .hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("flock.security.secret (FLOCK_SECURITY_SECRET) is not set"));
    }

    @Test
    void outsideTheLocalProfileTheEdgeDoesNotStartWithTheFormerDefaultSecret() {
        edge.withPropertyValues("flock.security.secret=" + ForgedTokens.FORMER_DEFAULT_SECRET)
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("published or placeholder"));
    }

    @Test
    void inTheLocalProfileAMissingSecretIsARandomOnePerProcess() {
        MockEnvironment first = localEnvironment();
        MockEnvironment second = localEnvironment();

        String secret = first.getProperty("flock.security.secret");

        assertThat(secret).isNotBlank().isNotEqualTo(second.getProperty("flock.security.secret"));
        assertThat(new SecurityProperties(secret, null, null).secret()).isEqualTo(secret);
    }

    @Test
    void outsideTheLocalProfileNoSecretIsMadeUp() {
        MockEnvironment environment = new MockEnvironment();

        new LocalProfileSecret(new DeferredLogs()).postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("flock.security.secret")).isNull();
    }

    private static MockEnvironment localEnvironment() {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles("local");
        new LocalProfileSecret(new DeferredLogs()).postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
