package dev.flock.platform;

import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Starts a Flock service. Each service keeps its settings in {@code <name>.yml} rather than
 * {@code application.yml}, so that several services can share one classpath (the system tests run them all in
 * one JVM); an {@code application.yml} of the operator's is still read.
 */
public final class FlockApplication {

    private FlockApplication() {}

    public static SpringApplicationBuilder builder(Class<?> application, String name) {
        return new SpringApplicationBuilder(application).properties("spring.config.name=application," + name);
    }
}
