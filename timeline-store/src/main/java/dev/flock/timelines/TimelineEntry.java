package dev.flock.timelines;

import java.util.Comparator;

/**
 * One post in a timeline. Post ids sort by creation time, so sorting by id sorts newest first.
 *
 * <p>In Redis an entry is the member {@code "<postId> <authorId>"} of a sorted set whose scores are all 0: Redis then
 * orders members by their bytes, and since a space sorts before every character of an id, that is post id order,
 * whatever the ids' lengths. The author travels with the post so that an unfollow can take an author's posts out.
 */
public record TimelineEntry(String postId, String authorId) {

    /** Newest first. */
    public static final Comparator<TimelineEntry> NEWEST_FIRST =
            Comparator.comparing(TimelineEntry::postId).reversed();

    public TimelineEntry {
        if (postId.indexOf(' ') >= 0 || authorId.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("ids in a timeline hold no space: " + postId + ", " + authorId);
        }
    }

    public String member() {
        return postId + " " + authorId;
    }

    public static TimelineEntry ofMember(String member) {
        int space = member.indexOf(' ');
        return new TimelineEntry(member.substring(0, space), member.substring(space + 1));
    }

    /** The smallest member of any entry of {@code postId}; every member below it is an older post. */
    static String lowestMemberOf(String postId) {
        return postId + " ";
    }
}
