package dev.flock.edge.account;

import java.time.Instant;

/** An account in a list (followers, following): without counts, which would cost two queries per item. */
record AccountSummary(String id, String username, String displayName, String bio, Instant createdAt) {

    static AccountSummary of(AccountReadModel.AccountRow row) {
        return new AccountSummary(row.id(), row.username(), row.displayName(), row.bio(), row.createdAt());
    }
}
