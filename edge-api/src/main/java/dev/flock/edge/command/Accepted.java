package dev.flock.edge.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import org.springframework.http.ResponseEntity;

/** The body of every 202: the command's id, and the id of what it creates, known at once. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Accepted(String commandId, String status, String resourceId) {

    static ResponseEntity<Accepted> of(IssuedCommand command) {
        return ResponseEntity.accepted()
                .location(URI.create(CommandStatusController.PATH + "/" + command.commandId()))
                .body(new Accepted(command.commandId(), "PENDING", command.createdResourceId()));
    }
}
