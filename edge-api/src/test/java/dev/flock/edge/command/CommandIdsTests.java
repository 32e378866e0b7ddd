package dev.flock.edge.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.contracts.MessageType;
import dev.flock.edge.auth.SecurityProperties;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CommandIdsTests {

    private final CommandIds ids = new CommandIds(new SecurityProperties("a".repeat(32), Duration.ofHours(1)));

    @Test
    void anIssuedIdVerifiesAndTellsTypeResourceAndAcceptanceTime() {
        Instant before = Instant.now().minusMillis(1);
        IssuedCommand issued = ids.issue(MessageType.POST_CREATE);

        IssuedCommand verified = ids.verify(issued.commandId()).orElseThrow();

        assertThat(verified).isEqualTo(issued);
        assertThat(verified.type()).isEqualTo(MessageType.POST_CREATE);
        assertThat(verified.createdResourceId()).isEqualTo(issued.resourceId()).hasSize(26);
        assertThat(verified.acceptedAt()).isAfter(before).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void anIdWithOneCharacterChangedIsNotRecognised() {
        String id = ids.issue(MessageType.ACCOUNT_FOLLOW).commandId();
        char last = id.charAt(id.length() - 5);
        String tampered = id.substring(0, id.length() - 5) + (last == 'A' ? 'B' : 'A') + id.substring(id.length() - 4);

        assertThat(ids.verify(tampered)).isEmpty();
    }

    @Test
    void anIdIssuedWithAnotherSecretIsNotRecognised() {
        CommandIds other = new CommandIds(new SecurityProperties("b".repeat(32), Duration.ofHours(1)));

        assertThat(ids.verify(other.issue(MessageType.POST_DELETE).commandId())).isEmpty();
    }

    @Test
    void garbageIsNotRecognised() {
        assertThat(ids.verify("not-a-command-id")).isEmpty();
        assertThat(ids.verify("%%%")).isEmpty();
        assertThat(ids.verify("")).isEmpty();
    }

    @Test
    void resourceIdsSortByCreationTime() {
        String first = ids.issue(MessageType.POST_CREATE).resourceId();
        String second = ids.issue(MessageType.POST_CREATE).resourceId();

        assertThat(first).isLessThan(second);
    }

    @Test
    void onlyCreatingCommandsReportAResourceId() {
        assertThat(ids.issue(MessageType.ACCOUNT_REGISTER).createdResourceId()).isNotNull();
        assertThat(ids.issue(MessageType.ACCOUNT_UNFOLLOW).createdResourceId()).isNull();
    }
}
