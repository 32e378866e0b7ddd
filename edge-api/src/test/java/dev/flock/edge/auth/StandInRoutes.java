package dev.flock.edge.auth;

import java.util.List;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers where the posting and dead-letter controllers would, so that only the security rules decide. A test component:
 * only the slices that import it have it.
 */
@TestComponent
@RestController
class StandInRoutes {

    @PostMapping("/api/v1/posts")
    ResponseEntity<Void> post() {
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/api/v1/admin/dead-letters")
    List<String> deadLetters() {
        return List.of();
    }

    @PostMapping("/api/v1/admin/dead-letters/{queue}/replay")
    ResponseEntity<Void> replay() {
        return ResponseEntity.ok().build();
    }
}
