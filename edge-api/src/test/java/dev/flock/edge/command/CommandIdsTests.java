package dev.flock.edge.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.contracts.MessageType;
import dev.flock.edge.auth.SecurityProperties;
import dev.flock.testsupport.GeneratedTestSecrets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandIdsTests {

    private final CommandIds ids =
            new CommandIds(new SecurityProperties(GeneratedTestSecrets.newSecret(), Duration.ofHours(1)));

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
    void anotherSpellingOfAnIssuedIdIsNotRecognised() {
        String id = ids.issue(MessageType.POST_CREATE).commandId();
        String padded = id + "=".repeat((4 - id.length() % 4) % 4);
        String otherUnusedBits = id.substring(0, id.length() - 1) + withLowestBitFlipped(id.charAt(id.length() - 1));
        byte[] issuedBytes = Base64.getUrlDecoder().decode(id);

        for (String variant : List.of(padded, otherUnusedBits)) {
            assertThat(variant).isNotEqualTo(id);
            assertThat(Base64.getUrlDecoder().decode(variant)).as(variant).isEqualTo(issuedBytes);
            assertThat(ids.verify(variant)).as(variant).isEmpty();
        }
    }

    /** Issue 10: a rotation of the signing secret does not turn pending commands into 404s. */
    @Test
    void duringASecretRotationAnIdIssuedWithThePreviousSecretIsStillRecognised() {
        String previous = GeneratedTestSecrets.newSecret();
        String issuedBefore = new CommandIds(new SecurityProperties(previous, Duration.ofHours(1)))
                .issue(MessageType.POST_CREATE)
                .commandId();

        CommandIds rotating =
                new CommandIds(new SecurityProperties(GeneratedTestSecrets.newSecret(), previous, Duration.ofHours(1)));

        assertThat(rotating.verify(issuedBefore)).isPresent();
    }

    @Test
    void anIdIssuedWithAnotherSecretIsNotRecognised() {
        CommandIds other =
                new CommandIds(new SecurityProperties(GeneratedTestSecrets.newSecret(), Duration.ofHours(1)));

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

    /** The base64url digit one apart in value: differs only in the bits that carry no data in the last digit. */
    private static char withLowestBitFlipped(char digit) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return alphabet.charAt(alphabet.indexOf(digit) ^ 1);
    }
}
