package dev.flock.edge.timeline;

import dev.flock.edge.post.PostReadModel;
import dev.flock.edge.post.PostView;
import dev.flock.edge.web.Page;
import dev.flock.edge.web.PageRequest;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's home timeline: post ids from the projector's timeline, posts from the post worker's database. A post
 * deleted since it was fanned out is left out even if its removal from the timeline has not happened yet.
 */
@RestController
class HomeTimelineController {

    private final HomeTimelineReadModel timelines;
    private final PostReadModel posts;

    HomeTimelineController(HomeTimelineReadModel timelines, PostReadModel posts) {
        this.timelines = timelines;
        this.posts = posts;
    }

    @GetMapping("/api/v1/timelines/home")
    ResponseEntity<Page<PostView>> home(
            @AuthenticationPrincipal Jwt caller,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String before) {
        PageRequest page = PageRequest.of(limit, before);
        var ids = timelines.postIds(caller.getSubject()).stream()
                .filter(id -> page.before() == null || id.compareTo(page.before()) < 0)
                .limit(page.fetchSize())
                .toList();
        Page<String> entries = Page.of(ids, page.limit(), id -> id);
        Map<String, PostView> found = posts.byIds(entries.items());
        return new Page<>(
                        entries.items().stream()
                                .map(found::get)
                                .filter(Objects::nonNull)
                                .toList(),
                        entries.next())
                .toResponse();
    }
}
