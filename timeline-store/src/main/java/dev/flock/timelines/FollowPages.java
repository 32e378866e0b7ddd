package dev.flock.timelines;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.contracts.ReadModels.Timelines;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * Reads an account's followers or followees from its pages ({@link Timelines#FOLLOWER_PAGES}), by {@code _id} alone.
 * A page holds an entry per pair ({@link Timelines#pageEntry}) as a rule; an entry of an older version may linger
 * beside a newer one, and the newest decides. Because every writer only adds its own entry and removes older ones, an
 * event applied late cannot hide a newer state even for a moment.
 */
public final class FollowPages {

    private final MongoOperations mongo;

    public FollowPages(MongoOperations mongo) {
        this.mongo = mongo;
    }

    /** The state of one pair as a page holds it. */
    public record Entry(String accountId, String version, boolean follows) {

        public String encoded() {
            return Timelines.pageEntry(accountId, version, follows);
        }

        public static Entry decode(String encoded) {
            String[] parts = encoded.split(" ", 3);
            return new Entry(parts[0], parts[1], "+".equals(parts[2]));
        }

        public boolean isNewerThan(Entry other) {
            return version.compareTo(other.version) > 0;
        }
    }

    public Stream<String> followers(String accountId) {
        return members(Timelines.FOLLOWER_PAGES, accountId);
    }

    public Stream<String> followees(String accountId) {
        return members(Timelines.FOLLOWING_PAGES, accountId);
    }

    /** A page at a time; the caller closes the stream. */
    private Stream<String> members(String collection, String accountId) {
        return mongo.stream(query(where("_id").in(Timelines.pages(accountId))), Document.class, collection)
                .flatMap(page -> newest(page).values().stream())
                .filter(Entry::follows)
                .map(Entry::accountId);
    }

    /** The newest entry of each account on the page: the pair's state. */
    public static Map<String, Entry> newest(Document page) {
        Map<String, Entry> newest = new HashMap<>();
        for (String encoded : page.getList(Timelines.IDS, String.class, List.of())) {
            Entry entry = Entry.decode(encoded);
            newest.merge(entry.accountId(), entry, (a, b) -> b.isNewerThan(a) ? b : a);
        }
        return newest;
    }
}
