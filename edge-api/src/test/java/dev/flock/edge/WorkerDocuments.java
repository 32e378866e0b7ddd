package dev.flock.edge;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.flock.edge.auth.Passwords;
import java.util.Date;
import java.util.Locale;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Accounts and posts stored as the account and post workers store them, for edge tests that run without workers.
 * The edge only reads these databases.
 */
record WorkerDocuments(MongoTemplate accounts, MongoTemplate posts, Passwords passwords) {

    /** @return the new account's id */
    String account(String username, String password) {
        String id = UlidCreator.getMonotonicUlid().toString();
        accounts.insert(
                new Document("_id", id)
                        .append("username", username)
                        .append("usernameKey", username.toLowerCase(Locale.ROOT))
                        .append("passwordHash", passwords.hash(password))
                        .append("displayName", username)
                        .append("bio", "")
                        .append("createdAt", new Date()),
                "accounts");
        return id;
    }

    /** @return the new post's id */
    String post(String authorId, String authorUsername, String text) {
        String id = UlidCreator.getMonotonicUlid().toString();
        posts.insert(
                new Document("_id", id)
                        .append("authorId", authorId)
                        .append("authorUsername", authorUsername)
                        .append("text", text)
                        .append("createdAt", new Date())
                        .append("deleted", false),
                "posts");
        return id;
    }
}
