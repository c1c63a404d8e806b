package io.securecart.inventory.datasource;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the read replica is. User and password are the primary's ({@code spring.datasource.*}); the pool is tuned
 * under {@code securecart.inventory.replica.hikari.*}.
 *
 * @param url JDBC URL of the streaming replica of the {@code inventory} database
 */
@ConfigurationProperties("securecart.inventory.replica")
@Validated
record ReplicaDataSourceProperties(@NotBlank String url) {
}
