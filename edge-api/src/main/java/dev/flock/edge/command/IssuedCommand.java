package dev.flock.edge.command;

import dev.flock.contracts.MessageType;
import java.time.Instant;

/**
 * What a command id says about its command. The edge learns it by verifying the id, so answering "pending" needs
 * no database write when the command is accepted.
 *
 * @param resourceId the id of the account or post the command creates (a ULID: sorts by creation time)
 */
public record IssuedCommand(String commandId, MessageType type, String resourceId, Instant acceptedAt) {

    /** Only commands that create something report their resource id. */
    public String createdResourceId() {
        return type == MessageType.ACCOUNT_REGISTER || type == MessageType.POST_CREATE ? resourceId : null;
    }
}
