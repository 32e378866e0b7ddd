package dev.flock.platform.mongo;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.BulkOperationException;

/** A duplicate key (E11000) on a unique index means the write was already done: Flock's handlers treat it so. */
public final class MongoErrors {

    private static final int DUPLICATE_KEY = 11000;

    private MongoErrors() {}

    public static boolean isDuplicateKey(Throwable e) {
        return e instanceof DuplicateKeyException || e instanceof com.mongodb.DuplicateKeyException;
    }

    /** A bulk write in which every error is a duplicate key. */
    public static boolean onlyDuplicateKeys(Throwable e) {
        if (e instanceof BulkOperationException bulk) {
            return bulk.getErrors().stream().allMatch(error -> error.getCode() == DUPLICATE_KEY);
        }
        if (e instanceof MongoBulkWriteException bulk) {
            return bulk.getWriteErrors().stream().map(BulkWriteError::getCode).allMatch(code -> code == DUPLICATE_KEY);
        }
        return false;
    }
}
