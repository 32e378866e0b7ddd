package dev.flock.contracts;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Names of the data one service writes and another reads, fixed once beside {@link Topology}: the writer stores
 * under these names and every reader reads by them, so neither repeats the other's strings.
 */
public final class ReadModels {

    private ReadModels() {}

    /**
     * The account worker's database: accounts and who follows whom. The edge reads it for profiles, sign-in and
     * follower lists. Only the fields another service reads are named here; the rest are the worker's own.
     */
    public static final class Accounts {

        public static final String DATABASE = "accounts";

        /** One document per account, {@code _id} the account id. */
        public static final String ACCOUNTS = "accounts";

        public static final String USERNAME = "username";
        /** The username in lower case, unique: how a username is looked up, ignoring case. */
        public static final String USERNAME_KEY = "usernameKey";

        public static final String PASSWORD_HASH = "passwordHash";
        public static final String DISPLAY_NAME = "displayName";
        public static final String BIO = "bio";
        public static final String CREATED_AT = "createdAt";

        /** One document per ordered pair, {@code _id} "follower:followee", kept after an unfollow (inactive). */
        public static final String FOLLOWS = "follows";

        public static final String FOLLOWER_ID = "followerId";
        public static final String FOLLOWEE_ID = "followeeId";
        public static final String ACTIVE = "active";

        /** When the pair's current state was asked for: follower lists are ordered by it. */
        public static final String SINCE = "since";

        private Accounts() {}
    }

    /** The post worker's database. A deleted post keeps its document, marked deleted: readers skip it. */
    public static final class Posts {

        public static final String DATABASE = "posts";

        /** One document per post, {@code _id} the post id (post ids sort by creation time). */
        public static final String POSTS = "posts";

        public static final String AUTHOR_ID = "authorId";
        public static final String AUTHOR_USERNAME = "authorUsername";
        public static final String TEXT = "text";
        public static final String CREATED_AT = "createdAt";
        public static final String DELETED = "deleted";

        private Posts() {}
    }

    /**
     * Each worker's command log, in the worker's own database ({@link Accounts#DATABASE} for {@code account.*}
     * commands, {@link Posts#DATABASE} for {@code post.*}): the outcome the edge reports for a command id.
     */
    public static final class Commands {

        /** One document per command, {@code _id} the command id. */
        public static final String COMMANDS = "commands";

        public static final String STATUS = "status";
        public static final String REASON = "reason";
        public static final String RESOURCE_ID = "resourceId";

        private Commands() {}
    }

    /** The timeline projector's durable state in its MongoDB database: what home timelines are rebuilt from. */
    public static final class Timelines {

        public static final String DATABASE = "timelines";

        /** Its copy of the follow graph: {@code {_id: "follower:followee", followerId, followeeId, active, version}}. */
        public static final String FOLLOWS = "follows";

        public static final String FOLLOWER_ID = "followerId";
        public static final String FOLLOWEE_ID = "followeeId";
        public static final String ACTIVE = "active";

        /**
         * The same graph by account, for reads by {@code _id} alone: an account's followers ({@code
         * follower-pages}) and whom it follows ({@code following-pages}), each spread over {@link #PAGES} documents
         * {@code {_id: "<accountId>:<page>", ids: [entry, ...]}} ({@link #pageEntry}) by the other account's id
         * ({@link #page}). Written after {@link #FOLLOWS}, which stays the truth.
         */
        public static final String FOLLOWER_PAGES = "follower-pages";

        public static final String FOLLOWING_PAGES = "following-pages";
        public static final String IDS = "ids";

        /** At about 60 bytes an entry, a 16 MB document holds some 250,000: 64 pages hold 16 million followers. */
        public static final int PAGES = 64;

        /** The page of {@code accountId}'s list that holds {@code otherId} ({@link String#hashCode} is specified). */
        public static String page(String accountId, String otherId) {
            return accountId + ":" + Math.floorMod(otherId.hashCode(), PAGES);
        }

        /**
         * An entry of a page: the other account, the version of the pair's state ({@link StateVersion}) and {@code
         * +} (follows) or {@code -} (does not). The newest entry of a pair decides.
         */
        public static String pageEntry(String otherId, String version, boolean follows) {
            return otherId + " " + version + " " + (follows ? "+" : "-");
        }

        /** Every page of {@code accountId}'s list, most of them absent for a small account. */
        public static List<String> pages(String accountId) {
            return IntStream.range(0, PAGES).mapToObj(n -> accountId + ":" + n).toList();
        }

        /** Each author's newest posts: {@code {_id: authorId, entries: [{postId, authorId}]}}, newest first. */
        public static final String AUTHOR_TIMELINES = "author-timelines";

        public static final String ENTRIES = "entries";
        public static final String POST_ID = "postId";
        public static final String AUTHOR_ID = "authorId";

        /** Tombstones: {@code {_id: postId, deletedAt}}. */
        public static final String DELETED_POSTS = "deleted-posts";

        /** Authors with more followers than the fan-out limit: {@code {_id: authorId, since}}. */
        public static final String BIG_AUTHORS = "big-authors";

        private Timelines() {}
    }

    /**
     * Redis keys, all under a prefix ({@code flock.timeline.key-prefix}, default {@code flock:}) so that tests and a
     * local stack share one Redis. Every timeline is a sorted set whose members all score 0, so Redis orders them by
     * their bytes: a member is {@code "<postId> <authorId>"}, and post ids sort by creation time.
     */
    public static final class Redis {

        public static final String DEFAULT_PREFIX = "flock:";

        /** A reader's home timeline (sorted set), newest 800, fanned out on write. */
        public static String homeTimeline(String prefix, String accountId) {
            return prefix + "home:" + accountId;
        }

        /** Whom a reader follows (set): intersected with {@link #bigAuthors} when the reader's page is read. */
        public static String following(String prefix, String accountId) {
            return prefix + "following:" + accountId;
        }

        /** Authors not fanned out on write (set): their posts are merged into followers' pages when read. */
        public static String bigAuthors(String prefix) {
            return prefix + "big-authors";
        }

        /** An author's own newest posts (sorted set, same members), read when a big author is merged in. */
        public static String authorTimeline(String prefix, String authorId) {
            return prefix + "author:" + authorId;
        }

        /** A post as the edge shows it (JSON string), or {@link #DELETED_POST} once deleted. */
        public static String post(String prefix, String postId) {
            return prefix + "post:" + postId;
        }

        public static final String DELETED_POST = "deleted";

        private Redis() {}
    }
}
