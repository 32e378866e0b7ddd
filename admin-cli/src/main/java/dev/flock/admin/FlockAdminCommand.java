package dev.flock.admin;

import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;

@Component
@Command(
        name = "flock-admin",
        mixinStandardHelpOptions = true,
        description = "Operate Flock straight against its broker: works while the edge is down.",
        subcommands = DeadLettersCommand.class)
class FlockAdminCommand {}
