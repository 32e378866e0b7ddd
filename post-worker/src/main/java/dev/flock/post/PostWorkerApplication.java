package dev.flock.post;

import dev.flock.platform.FlockApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class PostWorkerApplication {

    public static final String NAME = "post-worker";

    public static void main(String[] args) {
        FlockApplication.builder(PostWorkerApplication.class, NAME).run(args);
    }
}
