package dev.flock.edge;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.flock.contracts.ReadModels.Accounts;
import dev.flock.contracts.ReadModels.Posts;
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
                        .append(Accounts.USERNAME, username)
                        .append(Accounts.USERNAME_KEY, username.toLowerCase(Locale.ROOT))
                        .append(Accounts.PASSWORD_HASH, passwords.hash(password))
                        .append(Accounts.DISPLAY_NAME, username)
                        .append(Accounts.BIO, "")
                        .append(Accounts.CREATED_AT, new Date()),
                Accounts.ACCOUNTS);
        return id;
    }

    /** @return the new post's id */
    String post(String authorId, String authorUsername, String text) {
        String id = UlidCreator.getMonotonicUlid().toString();
        posts.insert(
                new Document("_id", id)
                        .append(Posts.AUTHOR_ID, authorId)
                        .append(Posts.AUTHOR_USERNAME, authorUsername)
                        .append(Posts.TEXT, text)
                        .append(Posts.CREATED_AT, new Date())
                        .append(Posts.DELETED, false),
                Posts.POSTS);
        return id;
    }
}
