package dev.flock.post;

import dev.flock.contracts.Topology;
import dev.flock.contracts.command.CreatePost;
import dev.flock.contracts.command.DeletePost;
import dev.flock.platform.command.CommandHandlers;
import dev.flock.platform.command.CommandLog;
import dev.flock.platform.consume.InboundProcessor;
import dev.flock.platform.consume.InboundProcessors;
import dev.flock.platform.consume.RetryProperties;
import dev.flock.platform.topology.Exchanges;
import dev.flock.platform.topology.WorkQueue;
import java.time.Clock;
import java.util.List;
import org.springframework.amqp.core.Declarables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoOperations;

/** The post worker's topology and the handler for each post command. */
@Configuration(proxyBeanMethods = false)
class PostWorkerConfiguration {

    @Bean
    Declarables postWorkerTopology(RetryProperties retry) {
        return new WorkQueue(
                        Topology.POST_WORKER_COMMANDS,
                        Topology.COMMANDS_EXCHANGE,
                        List.of(Topology.POST_COMMANDS_PATTERN))
                .declarables(retry.delays(), Exchanges.events());
    }

    @Bean
    CommandLog commandLog(MongoOperations mongo, Clock clock) {
        return new CommandLog(mongo, clock);
    }

    @Bean
    InboundProcessor postCommands(Posts posts, CommandLog commandLog, InboundProcessors inbound) {
        CommandHandlers handlers =
                new CommandHandlers().on(CreatePost.class, posts::create).on(DeletePost.class, posts::delete);
        return inbound.commands(Topology.POST_WORKER_COMMANDS, handlers, commandLog);
    }
}
