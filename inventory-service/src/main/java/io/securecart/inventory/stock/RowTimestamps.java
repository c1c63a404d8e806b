package io.securecart.inventory.stock;

import java.time.Clock;
import java.util.Optional;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.auditing.DateTimeProvider;
import org.springframework.data.jdbc.repository.config.EnableJdbcAuditing;

/**
 * The {@code created_at} and {@code updated_at} columns of products and reservations: Spring Data stamps the fields
 * marked {@code @CreatedDate} (on insert) and {@code @LastModifiedDate} (on every save) as it saves them, so the
 * domain methods need no clock and no path can forget. The time is the platform's {@link Clock}, like every other
 * time the service records.
 */
@Configuration(proxyBeanMethods = false)
@EnableJdbcAuditing(dateTimeProviderRef = "rowTimestampClock")
class RowTimestamps {

	@Bean
	DateTimeProvider rowTimestampClock(Clock clock) {
		return () -> Optional.of(clock.instant());
	}
}
