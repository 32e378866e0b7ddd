package dev.flock.edge.command;

import dev.flock.edge.web.ApiProblem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /commands/{id}}: how a command ended, or that it is still pending. No token needed. */
@RestController
class CommandStatusController {

    static final String PATH = "/api/v1/commands";

    private final CommandIds ids;
    private final CommandStatuses statuses;

    CommandStatusController(CommandIds ids, CommandStatuses statuses) {
        this.ids = ids;
        this.statuses = statuses;
    }

    @GetMapping(PATH + "/{commandId}")
    CommandStatusView status(@PathVariable String commandId) {
        IssuedCommand command =
                ids.verify(commandId).orElseThrow(() -> ApiProblem.notFound("No command was issued with this id."));
        return statuses.find(command)
                .map(record -> CommandStatusView.of(command, record))
                .orElseGet(() -> CommandStatusView.pending(command));
    }
}
