package dev.ordo.engine;

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
}
