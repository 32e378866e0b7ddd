package dev.flock.account.profile;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.ReadModels.Accounts;
import dev.flock.contracts.Rejections;
import dev.flock.contracts.StateVersion;
import dev.flock.contracts.command.RegisterAccount;
import dev.flock.contracts.event.AccountRegistered;
import dev.flock.platform.command.CommandOutcome;
import dev.flock.platform.mongo.MongoErrors;
import java.util.Locale;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/** account.register: one insert; the unique username index decides who gets a name. */
@Component
public class Registrations implements InitializingBean {

    private final MongoOperations mongo;

    Registrations(MongoOperations mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterPropertiesSet() {
        mongo.indexOps(AccountDocument.class)
                .ensureIndex(new Index(Accounts.USERNAME_KEY, Sort.Direction.ASC).unique());
    }

    public CommandOutcome register(Envelope<RegisterAccount> command) {
        RegisterAccount registration = command.payload();
        String version = StateVersion.of(command);
        AccountDocument account = new AccountDocument(
                registration.accountId(),
                registration.username(),
                usernameKey(registration.username()),
                registration.passwordHash(),
                registration.displayName(),
                "",
                command.occurredAt(),
                command.id(),
                version,
                version);
        try {
            mongo.insert(account);
        } catch (RuntimeException e) {
            if (!MongoErrors.isDuplicateKey(e)) {
                throw e;
            }
            if (!registeredBy(registration.accountId(), command.id())) {
                return CommandOutcome.rejected(Rejections.USERNAME_TAKEN);
            }
            // Our own insert, from a delivery that did not get to the end: finish it.
        }
        return CommandOutcome.created(
                registration.accountId(),
                new AccountRegistered(
                        registration.accountId(),
                        registration.username(),
                        registration.displayName(),
                        command.occurredAt()));
    }

    private boolean registeredBy(String accountId, String commandId) {
        return mongo.exists(query(where("_id").is(accountId).and("registeredBy").is(commandId)), AccountDocument.class);
    }

    static String usernameKey(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}
