package dev.flock.timeline;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.flock.testsupport.TestMongo;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The projector's database on a MongoDB of the test's own ({@link TestMongo}), for tests of one storage class. */
public final class TestStore implements AutoCloseable {

    public static final String DATABASE = "timelines";

    private final TestMongo mongo;
    private final MongoClient client;

    private TestStore(TestMongo mongo) {
        this.mongo = mongo;
        this.client = MongoClients.create(mongo.uri());
    }

    public static TestStore start() {
        return new TestStore(TestMongo.start());
    }

    public MongoClient client() {
        return client;
    }

    public MongoTemplate template() {
        return new MongoTemplate(client, DATABASE);
    }

    @Override
    public void close() {
        client.close();
        mongo.close();
    }
}
