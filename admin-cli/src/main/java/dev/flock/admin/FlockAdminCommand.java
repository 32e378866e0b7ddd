package dev.flock.admin;

import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;

@Component
@Command(
        name = "flock-admin",
        mixinStandardHelpOptions = true,
        description = "Operate Flock straight against its broker and stores: works while the edge is down.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "2:invalid request (unknown queue, bad option)",
            "3:replay stopped: its canary did not become APPLIED",
            "4:another replay, park or peek is working on the queue; try again later",
            "5:the message broker could not be reached, or failed the operation"
        },
        subcommands = {DeadLettersCommand.class, TimelinesCommand.class})
class FlockAdminCommand {}
