package dev.flock.edge.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CursorsTests {

    @Test
    void aCursorDecodesToTheSortKeyItWasMadeFrom() {
        assertThat(Cursors.decode(Cursors.encode("1732780800000:01J0ABC"))).isEqualTo("1732780800000:01J0ABC");
    }

    @Test
    void aCursorThatIsNotBase64IsABadRequest() {
        assertThatThrownBy(() -> Cursors.decode("***")).isInstanceOfSatisfying(ApiProblem.class, problem -> assertThat(
                        problem.status().value())
                .isEqualTo(400));
    }

    @Test
    void aPageOfExactlyTheLimitHasNoNext() {
        Page<String> page = Page.of(List.of("c", "b"), 2, key -> key);

        assertThat(page.items()).containsExactly("c", "b");
        assertThat(page.next()).isNull();
    }

    @Test
    void aFetchOfOneMoreThanTheLimitGivesACursorAfterTheLastItemKept() {
        Page<String> page = Page.of(List.of("c", "b", "a"), 2, key -> key);

        assertThat(page.items()).containsExactly("c", "b");
        assertThat(Cursors.decode(page.next())).isEqualTo("b");
    }

    @Test
    void limitOutsideOneToHundredIsABadRequest() {
        assertThatThrownBy(() -> PageRequest.of(0, null)).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> PageRequest.of(101, null)).isInstanceOf(ApiProblem.class);
        assertThat(PageRequest.of(null, null).limit()).isEqualTo(20);
    }
}
