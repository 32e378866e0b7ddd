package dev.flock.timeline.graph;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import com.mongodb.client.MongoClient;
import com.mongodb.client.result.UpdateResult;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.UpdateDefinition;

/**
 * A store in which a competing writer's whole write lands inside the next write of this one, as it can on MongoDB
 * between a writer's read and its write, or inside an upsert between its match and its insert (MongoDB then answers
 * E11000 and does not retry, the filter not being an equality on {@code _id} alone). The embedded test server runs
 * each upsert under one lock and so never opens that window itself.
 */
class WriteWindow extends MongoTemplate {

    private Runnable competitor;

    WriteWindow(MongoClient client, String database) {
        super(client, database);
    }

    /** The next write through this template first lets {@code write} run to its end. */
    void letLandInsideNextWrite(Runnable write) {
        competitor = write;
    }

    /** FollowGraph no longer upserts; kept so that a return to an upsert is tried as MongoDB would run it. */
    @Override
    public UpdateResult upsert(Query query, UpdateDefinition update, Class<?> entityClass) {
        if (competitor == null) {
            return super.upsert(query, update, entityClass);
        }
        boolean matched = exists(query, entityClass);
        runCompetitor();
        if (!matched
                && exists(Query.query(where("_id").is(query.getQueryObject().get("_id"))), entityClass)) {
            throw new DuplicateKeyException("E11000 duplicate key error: the upsert's insert met a competitor's");
        }
        return super.upsert(query, update, entityClass);
    }

    @Override
    public UpdateResult updateFirst(Query query, UpdateDefinition update, String collectionName) {
        runCompetitor();
        return super.updateFirst(query, update, collectionName);
    }

    @Override
    public <T> T insert(T objectToSave) {
        runCompetitor();
        return super.insert(objectToSave);
    }

    /** Whether the write passed to {@link #letLandInsideNextWrite} has run. */
    boolean landed() {
        return competitor == null;
    }

    private void runCompetitor() {
        Runnable write = competitor;
        competitor = null;
        if (write != null) {
            write.run();
        }
    }
}
