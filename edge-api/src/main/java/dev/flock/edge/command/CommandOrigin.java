package dev.flock.edge.command;

/**
 * Who sent a command request and how: filled in by {@link CommandOriginResolver} for any controller parameter of
 * this type.
 *
 * @param accountId      the caller's account, or null on an anonymous route (registration)
 * @param username       the caller's username, from the token
 * @param address        the client address, for rate limits and anonymous idempotency keys
 * @param idempotencyKey the {@code Idempotency-Key} header, or null
 */
public record CommandOrigin(String accountId, String username, String address, String idempotencyKey) {

    /** Whose key space an {@code Idempotency-Key} lives in. */
    String idempotencyScope() {
        return accountId != null ? "account:" + accountId : "address:" + address;
    }
}
