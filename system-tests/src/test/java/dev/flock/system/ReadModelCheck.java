package dev.flock.system;

import static java.util.function.Function.identity;
import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Projections;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * Compares what the read models hold, once the system settled, with what a scenario's accepted commands promised:
 * each author's posts (by text, which a doubled command would store twice), each account's followers, each home
 * timeline, and the accounts per username (read from the account worker's own collection, where a doubled
 * registration would show). Counts, rather than asserts, so the table can say how much went wrong, and where.
 */
final class ReadModelCheck {

    /** Expected items absent, items present more than once, items present that should not be. */
    record Counts(long missing, long duplicated, long unexpected, List<String> findings) {}

    private final Api api;
    private final String mongoUri;
    private long missing;
    private long duplicated;
    private long unexpected;
    private final List<String> findings = new ArrayList<>();

    ReadModelCheck(Api api, String mongoUri) {
        this.api = api;
        this.mongoUri = mongoUri;
    }

    Counts check(Workload workload, Workload.Expected expected) {
        List<Api.Account> accounts = workload.accounts();
        for (int n = 0; n < accounts.size(); n++) {
            Api.Account account = accounts.get(n);
            compare(
                    "posts of " + account.username(),
                    expected.textsByAuthor().get(n),
                    api.allItems("/accounts/" + account.id() + "/posts", null, "text"));
            compare(
                    "followers of " + account.username(),
                    expected.followersOf().get(n).stream()
                            .map(follower -> accounts.get(follower).id())
                            .toList(),
                    api.allItems("/accounts/" + account.id() + "/followers", null, "id"));
            long counted = api.get("/accounts/" + account.id(), null)
                    .body()
                    .get("followers")
                    .asLong();
            if (counted != expected.followersOf().get(n).size()) {
                unexpected++;
                findings.add("follower count of %s: %d, expected %d"
                        .formatted(
                                account.username(),
                                counted,
                                expected.followersOf().get(n).size()));
            }
            compare(
                    "home timeline of " + account.username(),
                    expected.timelineOf().get(n),
                    api.allItems("/timelines/home", account.token(), "id"));
        }
        List<String> usernames = new ArrayList<>(expected.registeredUsernames());
        accounts.forEach(account -> usernames.add(account.username()));
        compare("accounts per username", usernames, storedUsernames(workload.run()));
        return new Counts(missing, duplicated, unexpected, List.copyOf(findings));
    }

    private void compare(String what, Collection<String> expected, List<String> actual) {
        Map<String, Long> counts = actual.stream().collect(groupingBy(identity(), counting()));
        Set<String> wanted = new HashSet<>(expected);
        long absent = wanted.stream().filter(item -> !counts.containsKey(item)).count();
        long twice = counts.values().stream().mapToLong(count -> count - 1).sum();
        long extra =
                counts.keySet().stream().filter(item -> !wanted.contains(item)).count();
        missing += absent;
        duplicated += twice;
        unexpected += extra;
        if (absent + twice + extra > 0) {
            findings.add("%s: %d missing, %d duplicated, %d unexpected".formatted(what, absent, twice, extra));
        }
    }

    /** Usernames (lower case) of the accounts stored by the account worker whose name starts with {@code prefix}. */
    private List<String> storedUsernames(String prefix) {
        try (MongoClient client = MongoClients.create(mongoUri)) {
            List<String> usernames = new ArrayList<>();
            client.getDatabase("accounts")
                    .getCollection("accounts")
                    .find()
                    .projection(Projections.include("username"))
                    .map((Document account) -> account.getString("username"))
                    .into(usernames);
            return usernames.stream()
                    .filter(username -> username.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT)))
                    .toList();
        }
    }
}
