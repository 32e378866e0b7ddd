package dev.flock.edge.auth;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * A second connector on {@code flock.admin.port} when one is set: the admin routes are served there only (see
 * {@link AdminSurface}), a port an operator keeps off the public network (compose publishes it on the loopback only).
 */
@Component
class AdminPort implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final AdminProperties admin;

    AdminPort(AdminProperties admin) {
        this.admin = admin;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (admin.enabled() && admin.port() != null) {
            Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
            connector.setPort(admin.port());
            factory.addAdditionalTomcatConnectors(connector);
        }
    }
}
