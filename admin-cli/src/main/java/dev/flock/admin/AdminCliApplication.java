package dev.flock.admin;

import dev.flock.platform.FlockApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * {@code flock-admin}: the operator's tools without the edge, straight against RabbitMQ (and MongoDB, to follow a
 * canary). It reads the same {@code SPRING_RABBITMQ_*} and {@code SPRING_DATA_MONGODB_URI} as the services.
 */
@SpringBootApplication
public class AdminCliApplication {

    public static final String NAME = "admin-cli";

    public static void main(String[] args) {
        System.exit(SpringApplication.exit(FlockApplication.builder(AdminCliApplication.class, NAME)
                .logStartupInfo(false)
                .run(args)));
    }
}
