package dev.flock.platform.metrics;

import dev.flock.contracts.MessageType;

/** Message types as metric tags: a type Flock does not know (a hostile or broken message) is one tag, not many. */
public final class MessageTypes {

    public static final String UNKNOWN = "unknown";

    private MessageTypes() {}

    public static String tag(String type) {
        return type != null && MessageType.byId(type).isPresent() ? type : UNKNOWN;
    }
}
