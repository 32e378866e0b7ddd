package dev.flock.edge.command;

import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class CommandConfiguration implements WebMvcConfigurer {

    private final CommandOriginResolver originResolver;

    CommandConfiguration(CommandOriginResolver originResolver) {
        this.originResolver = originResolver;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(originResolver);
    }

    @Bean
    IdempotencyKeys idempotencyKeys(@Qualifier("edgeDatabase") MongoTemplate edge, Clock clock) {
        return new IdempotencyKeys(edge, clock);
    }
}
