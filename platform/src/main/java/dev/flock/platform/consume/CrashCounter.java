package dev.flock.platform.consume;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.contracts.FailureReason;
import dev.flock.platform.message.PermanentFailure;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Recognises a message whose processing keeps killing its consumer: the process dies, nothing is caught or
 * acknowledged, and the broker delivers the message again. Every redelivered message's start is counted in the
 * service's own database before it is handled; one that was started too often without finishing is set aside. Only
 * messages that were started count: the healthy ones the consumer had prefetched with it come back as often, but
 * never start, so they are not taken along (as they would be by the broker's delivery limit alone).
 */
public class CrashCounter {

    private static final Logger log = LoggerFactory.getLogger(CrashCounter.class);

    static final String COLLECTION = "unfinished-deliveries";

    /** Starts of one redelivered message that may end without an outcome before it is set aside. */
    public static final int MAX_UNFINISHED_STARTS = 3;

    private final MongoOperations mongo;
    private final Clock clock;

    public CrashCounter(MongoOperations mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /**
     * Counts this start of a redelivered message.
     *
     * @throws PermanentFailure {@code CRASHED_CONSUMER} when it was started too often already
     */
    void starting(String queue, Message message) {
        String id = key(queue, message.getMessageProperties());
        if (id == null) {
            return;
        }
        Unfinished counted = mongo.findAndModify(
                query(where("_id").is(id)),
                new Update().inc("starts", 1).setOnInsert("firstStartedAt", clock.instant()),
                FindAndModifyOptions.options().upsert(true).returnNew(true),
                Unfinished.class,
                COLLECTION);
        if (counted.starts() > MAX_UNFINISHED_STARTS) {
            throw new PermanentFailure(
                    FailureReason.CRASHED_CONSUMER,
                    "delivered " + counted.starts() + " times; the last " + MAX_UNFINISHED_STARTS
                            + " starts ended without an outcome (the consumer died)");
        }
    }

    /** The message was handled or set aside: forget its starts. Best effort: a leftover count only ages. */
    void finished(String queue, Message message) {
        String id = key(queue, message.getMessageProperties());
        if (id == null) {
            return;
        }
        try {
            mongo.remove(query(where("_id").is(id)), COLLECTION);
        } catch (RuntimeException e) {
            log.warn("could not forget the starts of {}: {}", id, e.toString());
        }
    }

    /** Only redeliveries are counted: a first delivery cannot have crashed anything yet. */
    private static String key(String queue, MessageProperties properties) {
        if (!Boolean.TRUE.equals(properties.isRedelivered()) || properties.getMessageId() == null) {
            return null;
        }
        return queue + " " + properties.getMessageId();
    }

    record Unfinished(String id, int starts) {}
}
