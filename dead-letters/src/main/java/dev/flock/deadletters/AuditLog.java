package dev.flock.deadletters;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Who did what to which dead letters, on the {@code flock.audit} logger. */
final class AuditLog {

    private static final Logger audit = LoggerFactory.getLogger("flock.audit");

    void record(String operator, String operation, String queue, Object request, Object result) {
        audit.info("operator={} operation={} queue={} request={} -> {}", operator, operation, queue, request, result);
    }
}
