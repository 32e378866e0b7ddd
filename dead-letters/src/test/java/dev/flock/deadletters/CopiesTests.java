package dev.flock.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

/** The copies the tools publish, of a dead letter as Spring hands it over from a quorum queue. */
class CopiesTests {

    @Test
    void aCopyIsPersistentWhateverTheReceivedMessageSaysAndDropsTheBrokersDeliveryCount() {
        Message received = received();

        for (Message copy : List.of(
                Copies.forParking(received), Copies.forReplay(received, DeadLetter.of(received, new ObjectMapper())))) {
            assertThat(copy.getMessageProperties().getDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
            assertThat(copy.getMessageProperties().getHeaders()).doesNotContainKey("x-delivery-count");
            assertThat(copy.getMessageProperties().getMessageId()).isEqualTo("command-1");
        }
    }

    @Test
    void aParkedCopyKeepsItsFailureHistoryAndAReplayedOneStartsAfresh() {
        Message received = received();

        Message parked = Copies.forParking(received);
        Message replayed = Copies.forReplay(received, DeadLetter.of(received, new ObjectMapper()));

        assertThat(parked.getMessageProperties().getHeaders())
                .containsEntry("x-flock-attempts", 6)
                .containsEntry("x-flock-reason", "RETRIES_EXHAUSTED")
                .containsEntry("x-flock-replays", 1);
        assertThat(replayed.getMessageProperties().getHeaders())
                .doesNotContainKeys("x-flock-attempts", "x-flock-reason")
                .containsEntry("x-flock-replays", 2)
                .containsEntry("x-flock-original-exchange", "flock.commands")
                .containsEntry("x-flock-original-routing-key", "post.create");
    }

    /** Read from a dead-letter queue after two looks: the delivery mode is where Spring puts what was received. */
    private static Message received() {
        MessageProperties properties = new MessageProperties();
        properties.setMessageId("command-1");
        properties.setType("post.create");
        properties.setReceivedDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setDeliveryMode(null);
        properties.setHeaders(Map.of(
                "x-delivery-count",
                2,
                "x-flock-attempts",
                6,
                "x-flock-reason",
                "RETRIES_EXHAUSTED",
                "x-flock-replays",
                1,
                "x-flock-original-exchange",
                "flock.commands",
                "x-flock-original-routing-key",
                "post.create"));
        return new Message("{}".getBytes(), properties);
    }
}
