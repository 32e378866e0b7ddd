package dev.flock.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import dev.flock.platform.mongo.Databases;
import dev.flock.timelines.TimelineStore;
import dev.flock.timelines.TimelineStoreProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The timelines in Redis and the projector's database they are rebuilt from. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TimelineStoreProperties.class)
class TimelineStoreConfiguration {

    @Bean
    TimelineStore timelineStore(
            StringRedisTemplate redis, MongoClient mongo, ObjectMapper json, TimelineStoreProperties properties) {
        return TimelineStore.create(redis, new MongoTemplate(mongo, Databases.TIMELINES), json, properties);
    }
}
