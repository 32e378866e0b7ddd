package dev.flock.edge.timeline;

import dev.flock.edge.post.PostView;
import dev.flock.edge.web.Page;
import dev.flock.edge.web.PageRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's home timeline (see {@link HomeTimelines} for where it is read from). */
@RestController
class HomeTimelineController {

    private final HomeTimelines timelines;

    HomeTimelineController(HomeTimelines timelines) {
        this.timelines = timelines;
    }

    @GetMapping("/api/v1/timelines/home")
    ResponseEntity<Page<PostView>> home(
            @AuthenticationPrincipal Jwt caller,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String before) {
        return timelines
                .page(caller.getSubject(), PageRequest.of(limit, before))
                .toResponse();
    }
}
