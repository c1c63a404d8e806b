package io.securecart.inventory.datasource;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The read replica. User and password are the primary's ({@code spring.datasource.*}); the pool is tuned under
 * {@code securecart.inventory.replica.hikari.*}.
 *
 * @param enabled whether read-only transactions (the catalog) go to the replica at all; {@code false} sends every
 * read to the primary, e.g. to compare the two (see the catalog read benchmark)
 * @param url JDBC URL of the streaming replica of the {@code inventory} database
 * @param probeInterval how often the replica is asked where it stands: also how soon reads return to a replica
 * that recovered
 * @param maxLag beyond this lag, reads go to the primary: the catalog never shows data older than this
 */
@ConfigurationProperties("securecart.inventory.replica")
@Validated
public record ReplicaDataSourceProperties(@DefaultValue("true") boolean enabled, @NotBlank String url,
		@DefaultValue("1s") @NotNull Duration probeInterval, @DefaultValue("30s") @NotNull Duration maxLag) {
}
