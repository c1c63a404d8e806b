package io.securecart.platform.inbox;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.Location;

/**
 * The inbox, and the shared outbox and inbox tables: their migration lives in this module
 * ({@code db/platform}) and is added to every service's Flyway locations, so no service carries a copy.
 */
@AutoConfiguration
public class InboxAutoConfiguration {

	static final String PLATFORM_MIGRATIONS = "classpath:db/platform";

	@Bean
	Inbox inbox(JdbcClient jdbc) {
		return new Inbox(jdbc);
	}

	@Bean
	FlywayConfigurationCustomizer platformMigrations() {
		return configuration -> {
			List<Location> locations = new ArrayList<>(List.of(configuration.getLocations()));
			locations.add(new Location(PLATFORM_MIGRATIONS));
			configuration.locations(locations.toArray(Location[]::new));
			// Platform migrations are numbered below every service's (V0_x < V1): one added later still applies to a
			// database that a service has already migrated further.
			configuration.outOfOrder(true);
		};
	}
}
