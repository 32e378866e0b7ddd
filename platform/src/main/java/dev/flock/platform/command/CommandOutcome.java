package dev.flock.platform.command;

import java.util.List;

/**
 * What a command handler decided. Handlers only decide and write; publishing the events and recording the outcome
 * happen around them.
 *
 * @param status     {@link CommandStatus#APPLIED} or {@link CommandStatus#REJECTED}
 * @param reason     why it was rejected
 * @param resourceId the account or post an applied command created
 * @param events     what an applied command changed, as event payloads
 */
public record CommandOutcome(CommandStatus status, String reason, String resourceId, List<Object> events) {

    public CommandOutcome {
        events = List.copyOf(events);
    }

    public static CommandOutcome applied(Object... events) {
        return new CommandOutcome(CommandStatus.APPLIED, null, null, List.of(events));
    }

    public static CommandOutcome created(String resourceId, Object... events) {
        return new CommandOutcome(CommandStatus.APPLIED, null, resourceId, List.of(events));
    }

    public static CommandOutcome rejected(String reason) {
        return new CommandOutcome(CommandStatus.REJECTED, reason, null, List.of());
    }

    @Override
    public String toString() {
        return status == CommandStatus.REJECTED ? "rejected: " + reason : "applied, " + events.size() + " event(s)";
    }
}
