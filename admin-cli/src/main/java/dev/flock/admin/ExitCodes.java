package dev.flock.admin;

/** How {@code flock-admin} ends, for scripts (also listed in {@code --help}). */
final class ExitCodes {

    static final int INVALID = 2;
    static final int CANARY_ABORTED = 3;
    static final int BUSY = 4;
    static final int BROKER = 5;

    private ExitCodes() {}
}
