package dev.flock.contracts;

/** Business outcomes that end a command as {@code REJECTED}. They are answers, not failures. */
public final class Rejections {

    public static final String USERNAME_TAKEN = "USERNAME_TAKEN";
    public static final String ACCOUNT_NOT_FOUND = "ACCOUNT_NOT_FOUND";
    public static final String NOT_AUTHOR = "NOT_AUTHOR";
    public static final String POST_NOT_FOUND = "POST_NOT_FOUND";

    private Rejections() {}
}
