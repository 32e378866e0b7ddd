package dev.flock.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/** Gives every {@link FlockServiceTest} context its infrastructure. Registered in {@code META-INF/spring.factories}. */
public class FlockServiceTestCustomizerFactory implements ContextCustomizerFactory {

    private static final String INLINED_TEST_PROPERTIES = "Inlined Test Properties";

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        FlockServiceTest test = AnnotatedElementUtils.findMergedAnnotation(testClass, FlockServiceTest.class);
        return test == null ? null : new Customizer(test.faultyLinks());
    }

    /** Equal for equal settings, so test classes alike share one cached context (and its infrastructure). */
    private record Customizer(boolean faultyLinks) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestInfrastructure infrastructure =
                    faultyLinks ? TestInfrastructure.startWithFaultyLinks() : TestInfrastructure.start();
            Map<String, Object> properties = new HashMap<>(infrastructure.properties());
            // Below the test's own properties, above the service's configuration files.
            MutablePropertySources sources = context.getEnvironment().getPropertySources();
            MapPropertySource source = new MapPropertySource("flockTestInfrastructure", properties);
            if (sources.contains(INLINED_TEST_PROPERTIES)) {
                sources.addAfter(INLINED_TEST_PROPERTIES, source);
            } else {
                sources.addFirst(source);
            }
            context.getBeanFactory().registerSingleton("testInfrastructure", infrastructure);
            RootBeanDefinition commands = new RootBeanDefinition(TestCommands.class);
            commands.setAutowireMode(AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR);
            ((BeanDefinitionRegistry) context).registerBeanDefinition("testCommands", commands);
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent) {
                    infrastructure.close();
                }
            });
        }
    }
}
