package dev.flock.testsupport;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.contracts.ReadModels.Timelines;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Follows written straight into the timeline projector's database, as its follow events would leave them: the edges
 * and both accounts' pages. For tests that need a graph without sending its events.
 */
public final class ProjectorGraph {

    private final MongoOperations projectorDatabase;

    public ProjectorGraph(MongoOperations projectorDatabase) {
        this.projectorDatabase = projectorDatabase;
    }

    public void follow(String follower, String followee) {
        followedBy(followee, List.of(follower));
    }

    /** Every one of {@code followers} follows {@code followee}, in one bulk write per collection. */
    public void followedBy(String followee, Collection<String> followers) {
        List<Document> edges = new ArrayList<>(followers.size());
        for (String follower : followers) {
            edges.add(new Document("_id", follower + ":" + followee)
                    .append(Timelines.FOLLOWER_ID, follower)
                    .append(Timelines.FOLLOWEE_ID, followee)
                    .append(Timelines.ACTIVE, true)
                    .append("version", "0"));
            add(Timelines.FOLLOWING_PAGES, Timelines.page(follower, followee), List.of(entry(followee)));
        }
        projectorDatabase.insert(edges, Timelines.FOLLOWS);
        followers.stream()
                .collect(Collectors.groupingBy(follower -> Timelines.page(followee, follower)))
                .forEach((page, members) -> add(
                        Timelines.FOLLOWER_PAGES,
                        page,
                        members.stream().map(ProjectorGraph::entry).toList()));
    }

    private static String entry(String account) {
        return Timelines.pageEntry(account, "0", true);
    }

    private void add(String collection, String page, List<String> members) {
        projectorDatabase.upsert(
                query(where("_id").is(page)),
                new Update().addToSet(Timelines.IDS).each(members.toArray()),
                collection);
    }
}
