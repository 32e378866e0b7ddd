package dev.flock.edge.admin;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@code /admin/console}: the dead-letter console, a static page ({@code static/admin/console/}) over the admin API.
 * The page holds nothing secret; what it shows needs the admin login, asked for by the page, and the page exists only
 * where the admin routes do ({@code AdminSurface}).
 */
@Configuration(proxyBeanMethods = false)
class ConsolePage implements WebMvcConfigurer {

    static final String PATH = "/admin/console";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController(PATH).setViewName("forward:" + PATH + "/index.html");
        registry.addViewController(PATH + "/").setViewName("forward:" + PATH + "/index.html");
    }
}
