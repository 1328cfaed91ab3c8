package dev.ordo.engine;

import java.util.Set;
import jakarta.ws.rs.Path;
import org.operaton.bpm.cockpit.plugin.resource.AbstractCockpitPluginRootResource;
import org.operaton.bpm.cockpit.plugin.spi.impl.AbstractCockpitPlugin;
import org.operaton.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.operaton.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Ordo's process engine: Operaton with its REST API (/engine-rest) and web apps (/operaton), configured
 * by application.yaml. With ordo.engine.rest-auth=basic the REST API asks for the credentials of an
 * Operaton user (HTTP basic); the local stack listens on loopback only and leaves it open.
 * Cockpit gets one page of Ordo's (plugin-webapp/ordo-orders): an order's instances, running or ended.
 */
@SpringBootApplication
public class OrdoEngine {

  public static void main(String[] args) {
    SpringApplication.run(OrdoEngine.class, args);
  }

  @Bean
  @ConditionalOnProperty(name = "ordo.engine.rest-auth", havingValue = "basic")
  FilterRegistrationBean<ProcessEngineAuthenticationFilter> restBasicAuthentication() {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.addUrlPatterns("/engine-rest/*");
    registration.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
    registration.setName("operaton-rest-basic-auth");
    return registration;
  }

  /**
   * The "Orders" page in Cockpit: every instance of an order (its process, its items', its service and
   * resource orders'), running or ended, with the steps each took. The community Cockpit shows running
   * instances only. The page is plugin-webapp/ordo-orders/app/plugin.js; this registers it.
   */
  public static class OrdersCockpitPlugin extends AbstractCockpitPlugin {
    static final String ID = "ordo-orders";

    @Override
    public String getId() {
      return ID;
    }

    @Override
    public Set<Class<?>> getResourceClasses() {
      return Set.of(OrdersCockpitAssets.class);
    }
  }

  /** Serves the page's script and style to Cockpit (nothing else: the page reads the engine's own API). */
  @Path("plugin/" + OrdersCockpitPlugin.ID)
  public static class OrdersCockpitAssets extends AbstractCockpitPluginRootResource {
    public OrdersCockpitAssets() {
      super(OrdersCockpitPlugin.ID);
    }
  }
}
