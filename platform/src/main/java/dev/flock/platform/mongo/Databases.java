package dev.flock.platform.mongo;

import dev.flock.contracts.ReadModels;

/** The MongoDB database each service owns (SPEC §1). The edge reads them; only their owner writes. */
public final class Databases {

    public static final String ACCOUNTS = ReadModels.Accounts.DATABASE;
    public static final String POSTS = ReadModels.Posts.DATABASE;
    public static final String TIMELINES = ReadModels.Timelines.DATABASE;

    /** The edge's own: idempotency keys, the one write on the command path. */
    public static final String EDGE = "edge";

    private Databases() {}
}
