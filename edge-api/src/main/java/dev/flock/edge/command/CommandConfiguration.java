package dev.flock.edge.command;

import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Fills in every controller parameter of type {@link CommandOrigin}. */
@Configuration(proxyBeanMethods = false)
class CommandConfiguration implements WebMvcConfigurer {

    static {
        // Filled in from the token and headers, not sent by the client: not a parameter of the OpenAPI description.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(CommandOrigin.class);
    }

    private final CommandOriginResolver originResolver;

    CommandConfiguration(CommandOriginResolver originResolver) {
        this.originResolver = originResolver;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(originResolver);
    }
}
