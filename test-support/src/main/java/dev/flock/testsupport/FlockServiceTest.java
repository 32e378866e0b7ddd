package dev.flock.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;

/**
 * A test of one Flock service in this JVM, against the real broker in a virtual host of its own and a MongoDB of
 * its own ({@link TestInfrastructure}). The context holds a {@link TestInfrastructure} bean (its links, when asked
 * for) and a {@link TestCommands} bean to send commands and read their outcome, as a producer outside the service.
 *
 * <pre>{@code @FlockServiceTest(properties = "spring.config.name=" + AccountWorkerApplication.NAME)}</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
public @interface FlockServiceTest {

    /** Must name the service's configuration ({@code spring.config.name=<service>}); they outrank the infrastructure's. */
    @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
    String[] properties() default {};

    /** MongoDB and the broker behind {@link FaultyLink}s the test can cut. */
    boolean faultyLinks() default false;
}
