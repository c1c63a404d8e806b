package io.securecart.inventory.catalog;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param readYourWritesWait how long a read that carries a {@code Consistency-Token} waits for the replica to replay
 * that position before it reads from the primary instead
 */
@ConfigurationProperties("securecart.inventory.catalog")
@Validated
record CatalogProperties(@DefaultValue("200ms") @NotNull Duration readYourWritesWait) {
}
