package dev.flock.edge.web;

import java.util.List;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** One page of a list, newest first. {@code next} is the cursor of the page after it, or null at the end. */
public record Page<T>(List<T> items, String next) {

    /**
     * Cuts {@code fetched} (up to {@code limit + 1} rows) to a page, with a cursor made from the last row kept when
     * more rows exist.
     */
    public static <T> Page<T> of(List<T> fetched, int limit, Function<T, String> sortKey) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<T> items = List.copyOf(fetched.subList(0, limit));
        return new Page<>(items, Cursors.encode(sortKey.apply(items.get(items.size() - 1))));
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), next);
    }

    /** The page as a response, with {@code Link: <...>; rel="next"} when there is a next page. */
    public ResponseEntity<Page<T>> toResponse() {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (next != null) {
            String uri = ServletUriComponentsBuilder.fromCurrentRequest()
                    .replaceQueryParam("before", next)
                    .build()
                    .toUriString();
            response.header(HttpHeaders.LINK, "<" + uri + ">; rel=\"next\"");
        }
        return response.body(this);
    }
}
