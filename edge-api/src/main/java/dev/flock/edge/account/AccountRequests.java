package dev.flock.edge.account;

import dev.flock.contracts.Limits;
import dev.flock.edge.auth.AdminProperties;
import dev.flock.edge.web.Checks;

/** The bodies of the account commands, and the SPEC's rules for each. */
final class AccountRequests {

    private AccountRequests() {}

    record Registration(String username, String password, String displayName) {

        void validate() {
            new Checks()
                    .required("username", username)
                    .that(
                            username == null
                                    || Limits.USERNAME.matcher(username).matches(),
                            "username",
                            "must be 3-30 letters, digits or underscores")
                    .that(!AdminProperties.USERNAME.equalsIgnoreCase(username), "username", "is reserved")
                    .required("password", password)
                    .length("password", password, Limits.PASSWORD_MIN, Limits.PASSWORD_MAX)
                    .notBlank("displayName", displayName)
                    .length("displayName", displayName, 1, Limits.DISPLAY_NAME_MAX)
                    .orThrow();
        }
    }

    /** A field left out (or null) stays as it is. */
    record ProfileChange(String displayName, String bio) {

        void validate() {
            new Checks()
                    .that(displayName != null || bio != null, "displayName", "displayName or bio is required")
                    .notBlank("displayName", displayName)
                    .length("displayName", displayName, 1, Limits.DISPLAY_NAME_MAX)
                    .length("bio", bio, 0, Limits.BIO_MAX)
                    .orThrow();
        }
    }

    record Follow(String accountId) {

        void validate() {
            new Checks()
                    .required("accountId", accountId)
                    .id("accountId", accountId)
                    .orThrow();
        }
    }
}
