package dev.flock.deadletters;

/** A dead-letter queue and how many messages wait in it. */
public record QueueDepth(String queue, long messages) {}
