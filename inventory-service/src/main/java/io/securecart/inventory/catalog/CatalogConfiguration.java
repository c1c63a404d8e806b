package io.securecart.inventory.catalog;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

/** The catalog's settings, and Spring's cache (Caffeine, configured under {@code spring.cache}) for its products. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CatalogProperties.class)
@EnableCaching
class CatalogConfiguration {

}
