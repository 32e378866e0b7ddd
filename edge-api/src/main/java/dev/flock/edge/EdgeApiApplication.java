package dev.flock.edge;

import dev.flock.platform.FlockApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class EdgeApiApplication {

    public static final String NAME = "edge-api";

    public static void main(String[] args) {
        FlockApplication.builder(EdgeApiApplication.class, NAME).run(args);
    }
}
