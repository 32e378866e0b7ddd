package dev.flock.timeline;

import dev.flock.platform.FlockApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class TimelineProjectorApplication {

    public static final String NAME = "timeline-projector";

    public static void main(String[] args) {
        FlockApplication.builder(TimelineProjectorApplication.class, NAME).run(args);
    }
}
