package dev.flock.admin;

import dev.flock.deadletters.QueueBusyException;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.AmqpException;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParseResult;

/** Runs the command line given to the tool, with Spring creating the commands. */
@Component
class AdminCommandRunner implements CommandLineRunner, ExitCodeGenerator {

    private final FlockAdminCommand command;
    private final IFactory factory;
    private int exitCode;

    AdminCommandRunner(FlockAdminCommand command, IFactory factory) {
        this.command = command;
        this.factory = factory;
    }

    @Override
    public void run(String... args) {
        exitCode = new CommandLine(command, factory)
                .setExecutionExceptionHandler(AdminCommandRunner::explain)
                .execute(args);
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    /** Says on stderr, in a sentence, why the operation did not run, and exits with a code a script can tell apart. */
    private static int explain(Exception e, CommandLine commandLine, ParseResult parsed) throws Exception {
        String why;
        int code;
        if (e instanceof QueueBusyException) {
            why = e.getMessage();
            code = ExitCodes.BUSY;
        } else if (e instanceof AmqpConnectException) {
            why = "cannot reach the message broker (" + e.getMessage() + "); check SPRING_RABBITMQ_* and try again";
            code = ExitCodes.BROKER;
        } else if (e instanceof AmqpException) {
            why = "the message broker failed the operation: " + e.getMessage();
            code = ExitCodes.BROKER;
        } else if (e instanceof IllegalArgumentException) {
            why = e.getMessage();
            code = ExitCodes.INVALID;
        } else {
            throw e;
        }
        commandLine.getErr().println("flock-admin: " + why);
        return code;
    }
}
