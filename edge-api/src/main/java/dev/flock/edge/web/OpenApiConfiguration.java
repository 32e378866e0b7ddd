package dev.flock.edge.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at {@code /v3/api-docs} (UI: {@code /swagger-ui.html}): the public API. The admin routes are
 * described apart, at {@code /v3/api-docs/admin}, served only where the admin routes are (see {@code AdminSurface}).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String ADMIN_PREFIX = "/api/v1/admin";
    static final String ADMIN_ROUTES = ADMIN_PREFIX + "/**";

    @Bean
    OpenAPI flockOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Flock API")
                        .version("v1")
                        .description("Commands answer 202 with a command id; GET /api/v1/commands/{id} tells how"
                                + " each ended. Errors are application/problem+json."))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")));
    }

    /** Applies to the public description only (the groups have their own customizers): no admin route in it. */
    @Bean
    OpenApiCustomizer withoutAdminRoutes() {
        return openApi -> openApi.getPaths().keySet().removeIf(path -> path.startsWith(ADMIN_PREFIX));
    }

    @Bean
    GroupedOpenApi adminApi() {
        return GroupedOpenApi.builder()
                .group("admin")
                .pathsToMatch(ADMIN_ROUTES)
                .build();
    }
}
