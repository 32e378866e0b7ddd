package dev.flock.account;

import dev.flock.account.follow.Follows;
import dev.flock.account.profile.Profiles;
import dev.flock.account.profile.Registrations;
import dev.flock.contracts.Topology;
import dev.flock.contracts.command.FollowAccount;
import dev.flock.contracts.command.RegisterAccount;
import dev.flock.contracts.command.UnfollowAccount;
import dev.flock.contracts.command.UpdateProfile;
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

/** The account worker's topology and the handler for each account command. */
@Configuration(proxyBeanMethods = false)
class AccountWorkerConfiguration {

    @Bean
    Declarables accountWorkerTopology(RetryProperties retry) {
        return new WorkQueue(
                        Topology.ACCOUNT_WORKER_COMMANDS,
                        Topology.COMMANDS_EXCHANGE,
                        List.of(Topology.ACCOUNT_COMMANDS_PATTERN))
                .declarables(retry.delays(), Exchanges.events());
    }

    @Bean
    CommandLog commandLog(MongoOperations mongo, Clock clock) {
        return new CommandLog(mongo, clock);
    }

    @Bean
    InboundProcessor accountCommands(
            Registrations registrations,
            Profiles profiles,
            Follows follows,
            CommandLog commandLog,
            InboundProcessors inbound) {
        CommandHandlers handlers = new CommandHandlers()
                .on(RegisterAccount.class, registrations::register)
                .on(UpdateProfile.class, profiles::update)
                .on(FollowAccount.class, follows::follow)
                .on(UnfollowAccount.class, follows::unfollow);
        return inbound.commands(Topology.ACCOUNT_WORKER_COMMANDS, handlers, commandLog);
    }
}
