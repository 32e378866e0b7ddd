package dev.flock.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flock.contracts.command.CreatePost;
import dev.flock.contracts.command.RegisterAccount;
import org.junit.jupiter.api.Test;

class LimitsTests {

    @Test
    void lengthCountsCodePointsAfterNormalisation() {
        String decomposed = "e\u0301"; // e + combining acute: one character after NFC
        assertThat(Limits.length(decomposed)).isEqualTo(1);
        assertThat(Limits.length("\uD83D\uDC26")).isEqualTo(1); // a bird emoji is two UTF-16 units
    }

    @Test
    void postOf280EmojiIsAllowedAnd281IsNot() {
        String bird = "\uD83D\uDC26";
        assertThat(new CreatePost("p", "alice", bird.repeat(280)).text()).hasSize(560);
        assertThatThrownBy(() -> new CreatePost("p", "alice", bird.repeat(281)))
                .hasMessageContaining("longer than 280");
    }

    @Test
    void usernameOutsideTheAlphabetIsRefused() {
        assertThatThrownBy(() -> new RegisterAccount("a", "al ice", "hash", "Alice"))
                .hasMessageContaining("username");
        assertThatThrownBy(() -> new RegisterAccount("a", "al", "hash", "Alice"))
                .hasMessageContaining("username");
        assertThat(new RegisterAccount("a", "Al_1ce", "hash", "Alice").username())
                .isEqualTo("Al_1ce");
    }
}
