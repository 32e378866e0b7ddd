package dev.flock.timelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineEntryTests {

    @Test
    void membersSortAsTheirPostIdsWhateverTheLengthsOfTheIds() {
        List<TimelineEntry> entries = List.of(
                new TimelineEntry("01B", "zz"),
                new TimelineEntry("01", "zzzz"),
                new TimelineEntry("01A0", "a"),
                new TimelineEntry("02", "b"));

        List<String> byMember = entries.stream()
                .sorted(Comparator.comparing(TimelineEntry::member))
                .map(TimelineEntry::postId)
                .toList();

        assertThat(byMember).containsExactly("01", "01A0", "01B", "02");
    }

    @Test
    void everyMemberOfAPostIsAtOrAboveItsLowestMemberAndEveryOlderPostIsBelow() {
        String lowest = TimelineEntry.lowestMemberOf("01B");

        assertThat(new TimelineEntry("01B", "author").member()).isGreaterThanOrEqualTo(lowest);
        assertThat(new TimelineEntry("01A", "zzzz").member()).isLessThan(lowest);
        assertThat(new TimelineEntry("01", "zzzz").member()).isLessThan(lowest);
        assertThat(new TimelineEntry("01B0", "a").member()).isGreaterThan(lowest);
    }

    @Test
    void aMemberReadsBackAsItsEntry() {
        TimelineEntry entry = new TimelineEntry("01HZX", "01HZY");

        assertThat(TimelineEntry.ofMember(entry.member())).isEqualTo(entry);
    }

    @Test
    void anIdWithASpaceIsRefused() {
        assertThatThrownBy(() -> new TimelineEntry("a b", "author")).isInstanceOf(IllegalArgumentException.class);
    }
}
