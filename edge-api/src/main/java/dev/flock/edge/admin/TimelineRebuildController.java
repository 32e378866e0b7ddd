package dev.flock.edge.admin;

import dev.flock.timelines.TimelineRebuild;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/timelines/rebuild}: home timelines rebuilt in Redis from the projector's durable state, while the
 * system serves and posts keep flowing (as Mastodon's {@code tootctl feeds build}). Admin tokens only. The same
 * operation as {@code bin/flock timelines rebuild}, from the same library ({@code timeline-store}).
 */
@RestController
class TimelineRebuildController {

    /** The body; both fields are optional: without an account, every timeline is rebuilt. */
    record Rebuild(String accountId, Boolean dryRun) {

        boolean dry() {
            return Boolean.TRUE.equals(dryRun);
        }
    }

    private final TimelineRebuild timelines;

    TimelineRebuildController(TimelineRebuild timelines) {
        this.timelines = timelines;
    }

    @PostMapping("/api/v1/admin/timelines/rebuild")
    Object rebuild(@RequestBody(required = false) Rebuild request) {
        Rebuild rebuild = request == null ? new Rebuild(null, false) : request;
        if (rebuild.accountId() != null) {
            return timelines.one(rebuild.accountId(), rebuild.dry());
        }
        return timelines.all(rebuild.dry());
    }
}
