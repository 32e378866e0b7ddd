package dev.flock.edge.health;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpointWebExtension;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /actuator/health} (and its groups, {@code /liveness} and {@code /readiness}) on the public port, as the SPEC
 * asks. Every other actuator endpoint, {@code /actuator/prometheus} first, lives on the management port
 * ({@code management.server.port}), which is never published: the same health answers, from Spring Boot's own
 * endpoint, on both ports.
 */
@RestController
class PublicHealthController {

    private static final MediaType ACTUATOR_JSON = MediaType.asMediaType(ApiVersion.V3.getProducedMimeType());

    /** Absent where actuator is (a web slice test): then there is no health here either. */
    private final ObjectProvider<HealthEndpointWebExtension> health;

    PublicHealthController(ObjectProvider<HealthEndpointWebExtension> health) {
        this.health = health;
    }

    @GetMapping({"/actuator/health", "/actuator/health/{*path}"})
    ResponseEntity<HealthComponent> health(@PathVariable(required = false) String path) {
        HealthEndpointWebExtension endpoint = health.getIfAvailable();
        if (endpoint == null) {
            return ResponseEntity.notFound().build();
        }
        String[] segments = path == null || path.equals("/")
                ? new String[0]
                : path.substring(1).split("/");
        WebEndpointResponse<HealthComponent> answer =
                endpoint.health(ApiVersion.V3, WebServerNamespace.SERVER, SecurityContext.NONE, segments);
        return ResponseEntity.status(answer.getStatus())
                .contentType(ACTUATOR_JSON)
                .body(answer.getBody());
    }
}
