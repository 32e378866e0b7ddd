package dev.flock.edge;

import dev.flock.edge.auth.SecurityProperties;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.core.annotation.AliasFor;

/**
 * A web slice of the edge: the named controllers with the edge's HTTP rules around them (its JSON settings, body
 * size limit, problem responses, security rules and command origin), and nothing behind them: what the controllers
 * call is the test's to mock. For rules of HTTP; what crosses to the broker or MongoDB is for the ITs.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest(
        properties = "spring.config.name=" + EdgeApiApplication.NAME,
        includeFilters =
                @ComponentScan.Filter(
                        type = FilterType.REGEX,
                        pattern = "dev\\.flock\\.edge\\.auth\\.SecurityConfiguration"))
@EnableConfigurationProperties(SecurityProperties.class)
public @interface EdgeWebTest {

    /** The controllers under test. */
    @AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
    Class<?>[] value() default {};
}
