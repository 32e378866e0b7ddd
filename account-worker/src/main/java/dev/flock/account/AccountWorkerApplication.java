package dev.flock.account;

import dev.flock.platform.FlockApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class AccountWorkerApplication {

    public static final String NAME = "account-worker";

    public static void main(String[] args) {
        FlockApplication.builder(AccountWorkerApplication.class, NAME).run(args);
    }
}
