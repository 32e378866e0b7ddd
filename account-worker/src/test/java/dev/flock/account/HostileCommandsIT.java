package dev.flock.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flock.account.profile.AccountDocument;
import dev.flock.contracts.Envelope;
import dev.flock.contracts.command.RegisterAccount;
import dev.flock.testsupport.FlockServiceTest;
import dev.flock.testsupport.TestCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * Issue 10, finding 9: generated hostile messages (bodies and headers, well-formed or not) on the account worker's
 * queue, among valid commands. The worker neither crashes nor stops: every valid command is applied, and every hostile
 * message ends either with a recorded outcome or in the dead-letter queue with its reason; none is lost.
 */
@FlockServiceTest(properties = "spring.config.name=account-worker")
class HostileCommandsIT {

    static final int HOSTILE = 40;
    static final String DEAD_LETTERS = "account-worker.commands.dlq";
    /** Where a generated envelope names its id: replaced by the message's id, so an outcome can be found by it. */
    static final String ID = "@@ID@@";

    @Autowired
    TestCommands commands;

    @Autowired
    MongoOperations mongo;

    @Autowired
    RabbitTemplate rabbit;

    record Hostile(String routingKey, String type, String contentType, Map<String, Object> headers, byte[] body) {}

    @Test
    void hostileMessagesAreDeadLetteredWithAReasonOrAnsweredAndValidCommandsAroundThemAreApplied() {
        List<String> hostileIds = new ArrayList<>();
        List<String> validAccounts = new ArrayList<>();
        List<Hostile> messages = hostile().sampleStream().limit(HOSTILE).toList();
        for (int i = 0; i < messages.size(); i++) {
            Hostile hostile = messages.get(i);
            String id = "hostile-" + TestCommands.uniqueId();
            byte[] body = new String(hostile.body(), StandardCharsets.ISO_8859_1)
                    .replace(ID, id)
                    .getBytes(StandardCharsets.ISO_8859_1);
            MessageBuilder message = (MessageBuilder) MessageBuilder.withBody(body)
                    .setMessageId(id)
                    .setType(hostile.type())
                    .setContentType(hostile.contentType())
                    .setDeliveryMode(MessageDeliveryMode.PERSISTENT);
            hostile.headers().forEach(message::setHeader);
            commands.publish(hostile.routingKey(), message.build());
            hostileIds.add(id);
            if (i % 10 == 0) {
                validAccounts.add(register());
            }
        }
        validAccounts.add(register());

        for (String account : validAccounts) {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(mongo.findById(account, AccountDocument.class))
                            .isNotNull());
        }
        Map<String, String> reasons = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Message letter;
            while ((letter = rabbit.receive(DEAD_LETTERS, 100)) != null) {
                reasons.put(
                        letter.getMessageProperties().getMessageId(),
                        letter.getMessageProperties().getHeader("x-flock-reason"));
            }
            assertThat(hostileIds).allSatisfy(id -> assertThat(reasons.containsKey(id) || commands.outcome(id) != null)
                    .as("%s dead-lettered or answered", id)
                    .isTrue());
        });
        assertThat(reasons).allSatisfy((id, reason) -> assertThat(reason).as(id).isNotBlank());
    }

    private String register() {
        String accountId = TestCommands.uniqueId();
        Envelope<?> command = commands.send(
                null, new RegisterAccount(accountId, "valid_" + TestCommands.suffix(), "$2a$hash", "Valid"));
        assertThat(command.id()).isNotBlank();
        return accountId;
    }

    static Arbitrary<Hostile> hostile() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().ascii().ofMaxLength(60),
                Arbitraries.of("", "account.register", "post.create", "\u0000", "🐦", "${jndi:x}"));
        Arbitrary<Map<String, Object>> headers = Combinators.combine(
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20), text)
                .as((key, value) -> Map.<String, Object>entry("x-" + key, value))
                .list()
                .ofMaxSize(4)
                .map(entries -> {
                    Map<String, Object> map = new HashMap<>();
                    entries.forEach(entry -> map.put(entry.getKey(), entry.getValue()));
                    return map;
                });
        return Combinators.combine(
                        Arbitraries.of(
                                "account.register",
                                "account.follow",
                                "account.update-profile",
                                "account.x",
                                "account.register.extra"),
                        text.injectNull(0.2),
                        Arbitraries.of("application/json", "text/plain", "application/octet-stream")
                                .injectNull(0.2),
                        headers,
                        bodies())
                .as(Hostile::new);
    }

    static Arbitrary<byte[]> bodies() {
        Arbitrary<String> anyJson = Arbitraries.of(
                "null", "[]", "{}", "1e999", "\"x\"", "{\"id\":1}", "{\"payload\":[]}", "[[[[[[[[[[[]]]]]]]]]]]");
        Arbitrary<String> envelopes = Combinators.combine(
                        Arbitraries.of("account.register", "account.follow", "post.create", "nope", ""),
                        Arbitraries.of("1", "0", "2", "-1", "\"1\"", "null", "999999999999"),
                        Arbitraries.of("null", "\"01HZZZZZZZZZZZZZZZZZZZZZZZ\"", "42", "\"\u0000\""),
                        Arbitraries.of(
                                "{}",
                                "null",
                                "[]",
                                "{\"accountId\":null}",
                                "{\"accountId\":\"x\",\"username\":\"" + "u".repeat(300) + "\"}",
                                "{\"username\":{\"$gt\":\"\"}}"))
                .as((type, version, actor, payload) -> "{\"id\":\"" + ID + "\",\"type\":\"" + type
                        + "\",\"version\":" + version + ",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"actor\":" + actor
                        + ",\"payload\":" + payload + "}");
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                anyJson.map(json -> json.getBytes(StandardCharsets.UTF_8)),
                envelopes.map(json -> json.getBytes(StandardCharsets.UTF_8)));
    }
}
