package dev.flock.bench;

import java.util.ArrayList;
import java.util.List;

/** Every post command the edge accepted in this run, and the id of the post it creates. Thread-safe. */
final class AcceptedPosts {

    private final List<String> commandIds = new ArrayList<>();
    private final List<String> postIds = new ArrayList<>();

    synchronized void add(Api.Answer accepted) {
        commandIds.add(accepted.text("commandId"));
        postIds.add(accepted.text("resourceId"));
    }

    synchronized int size() {
        return commandIds.size();
    }

    /** The command ids accepted since the {@code from}-th. */
    synchronized List<String> commandIdsFrom(int from) {
        return List.copyOf(commandIds.subList(from, commandIds.size()));
    }

    synchronized List<String> postIds() {
        return new ArrayList<>(postIds);
    }
}
