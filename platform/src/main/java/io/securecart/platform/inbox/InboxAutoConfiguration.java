package io.securecart.platform.inbox;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
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
	@ConditionalOnMissingBean
	Inbox inbox(JdbcClient jdbc) {
		return new Inbox(jdbc);
	}

	@Bean
	@ConditionalOnMissingBean(name = "platformMigrations")
	FlywayConfigurationCustomizer platformMigrations() {
		return configuration -> {
			List<Location> locations = new ArrayList<>(List.of(configuration.getLocations()));
			locations.add(new Location(PLATFORM_MIGRATIONS));
			configuration.locations(locations.toArray(Location[]::new));
			// The platform's migrations (V0_x) are independent of the service's own (V1...): a database that already
			// has the service's V1 must still take a later platform V0_x.
			configuration.outOfOrder(true);
		};
	}
}
