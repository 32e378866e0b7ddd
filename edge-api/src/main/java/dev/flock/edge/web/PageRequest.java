package dev.flock.edge.web;

/**
 * {@code ?limit=&before=} as the SPEC defines them: limit 1–100 (default 20); {@code before} a cursor from an
 * earlier page, decoded here to the sort key it stands for.
 *
 * @param before the sort key to continue after, or null for the first page
 */
public record PageRequest(int limit, String before) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public static PageRequest of(Integer limit, String cursor) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ApiProblem.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return new PageRequest(size, cursor == null ? null : Cursors.decode(cursor));
    }

    /** How many rows to fetch: one more than the page, to know whether another page follows. */
    public int fetchSize() {
        return limit + 1;
    }
}
