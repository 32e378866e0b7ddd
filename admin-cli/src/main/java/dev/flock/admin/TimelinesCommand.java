package dev.flock.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flock.timelines.TimelineStore;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flock-admin timelines rebuild [--account ID] [--dry-run]}: the same operation and answer (JSON on stdout) as
 * {@code POST /api/v1/admin/timelines/rebuild}, straight against Redis and the projector's database.
 */
@Component
@Command(name = "timelines", mixinStandardHelpOptions = true, description = "Rebuild home timelines.")
class TimelinesCommand {

    @Spec
    CommandSpec spec;

    private final TimelineStore store;
    private final ObjectMapper mapper;

    TimelinesCommand(TimelineStore store, ObjectMapper mapper) {
        this.store = store;
        this.mapper = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    @Command(
            name = "rebuild",
            description = "Rebuild home timelines in Redis from the projector's durable state, while Flock runs.")
    int rebuild(
            @Option(names = "--account", paramLabel = "ID", description = "only this account's timeline")
                    String accountId,
            @Option(names = "--dry-run", description = "report what would change; write nothing") boolean dryRun)
            throws Exception {
        Object result;
        if (accountId == null) {
            ProgressReport progress = ProgressReport.onStderr(
                    spec.commandLine().getErr(),
                    (dryRun ? "dry run rebuild" : "rebuild") + " of home timelines",
                    "accounts");
            result = store.rebuild().all(dryRun, progress::examined);
        } else {
            result = store.rebuild().one(accountId, dryRun);
        }
        System.out.println(mapper.writeValueAsString(result));
        return 0;
    }
}
