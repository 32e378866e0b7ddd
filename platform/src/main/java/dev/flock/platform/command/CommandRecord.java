package dev.flock.platform.command;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A finished (or failed) command, kept by the worker that handled it; the edge reads it for the status resource. */
@Document(CommandLog.COLLECTION)
public record CommandRecord(
        @Id String id,
        String type,
        CommandStatus status,
        String reason,
        String resourceId,
        Instant acceptedAt,
        Instant completedAt) {}
