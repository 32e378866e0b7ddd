package dev.flock.deadletters;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * Which dead letters an operation applies to. Every condition given must hold; none given matches all.
 *
 * @param reasonContains matched, ignoring case, against the reason and the exception
 */
public record DeadLetterFilter(
        String type,
        String reasonContains,
        Set<String> messageIds,
        Instant deadLetteredBefore,
        Instant deadLetteredAfter) {

    public static final DeadLetterFilter ALL = new DeadLetterFilter(null, null, null, null, null);

    public DeadLetterFilter {
        messageIds = messageIds == null ? null : Set.copyOf(messageIds);
    }

    boolean matches(DeadLetter letter) {
        return (type == null || type.equals(letter.type()))
                && (reasonContains == null || contains(letter.reason()) || contains(letter.exception()))
                && (messageIds == null || messageIds.contains(letter.messageId()))
                && (deadLetteredBefore == null
                        || (letter.deadLetteredAt() != null
                                && letter.deadLetteredAt().isBefore(deadLetteredBefore)))
                && (deadLetteredAfter == null
                        || (letter.deadLetteredAt() != null
                                && letter.deadLetteredAt().isAfter(deadLetteredAfter)));
    }

    private boolean contains(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(reasonContains.toLowerCase(Locale.ROOT));
    }
}
