package dev.flock.post;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.command.CreatePost;
import dev.flock.platform.FlockApplication;
import dev.flock.platform.command.CommandLog;
import dev.flock.platform.command.CommandOutcome;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * The post worker with one addition, for crash tests in a process of its own: a post whose text is
 * {@value #POISON} kills the JVM the moment it is handled, as a fatal bug or the kernel's OOM killer would.
 */
public class HaltingPostWorker {

    static final String POISON = "HALT THE JVM";

    public static void main(String[] args) {
        FlockApplication.builder(PostWorkerApplication.class, PostWorkerApplication.NAME)
                .sources(Halting.class)
                .run(args);
    }

    /** Not a {@code @Configuration}: component scanning must not find it for the other tests of this module. */
    static class Halting {

        @Bean
        @Primary
        Posts haltingPosts(MongoOperations mongo, CommandLog commandLog) {
            return new Posts(mongo, commandLog) {
                @Override
                CommandOutcome create(Envelope<CreatePost> command) {
                    if (POISON.equals(command.payload().text())) {
                        Runtime.getRuntime().halt(137);
                    }
                    return super.create(command);
                }
            };
        }
    }
}
