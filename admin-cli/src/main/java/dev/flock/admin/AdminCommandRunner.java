package dev.flock.admin;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

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
        exitCode = new CommandLine(command, factory).execute(args);
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
