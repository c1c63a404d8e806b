package io.securecart.ratelimit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.api.Location;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Rate limits from {@code securecart.rate-limits.rules}, with their buckets in the service's own PostgreSQL database
 * (table created by the migration in {@code db/ratelimit}).
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(RateLimitProperties.class)
public class RateLimitAutoConfiguration {

	static final String MIGRATIONS = "classpath:db/ratelimit";

	@Bean
	FlywayConfigurationCustomizer rateLimitMigrations() {
		return configuration -> {
			List<Location> locations = new ArrayList<>(List.of(configuration.getLocations()));
			locations.add(new Location(MIGRATIONS));
			configuration.locations(locations.toArray(Location[]::new));
			// Like the platform's V0_x: independent of the service's own V1..., so a database that has them takes it.
			configuration.outOfOrder(true);
		};
	}

	@Bean
	@ConditionalOnProperty(name = "securecart.rate-limits.enabled", matchIfMissing = true)
	RateLimiter rateLimiter(DataSource dataSource, ObjectProvider<Clock> clock) {
		// The service's Clock (the platform's); auth-server, which has no platform, the system's.
		return new RateLimiter(dataSource, clock.getIfAvailable(Clock::systemUTC));
	}

	/** Without it the table would keep a row for every caller ever seen (every client address at the token endpoint). */
	@Bean
	@ConditionalOnBean(RateLimiter.class)
	ExpiredBucketsPruner expiredBucketsPruner(RateLimiter limiter, RateLimitProperties properties) {
		return new ExpiredBucketsPruner(limiter, properties.pruneInterval(), properties.pruneBatchSize());
	}

	/** Limits per client IP run before Spring Security: a flood of wrong credentials is limited too. */
	@Bean
	@ConditionalOnBean(RateLimiter.class)
	FilterRegistrationBean<RateLimitFilter> clientIpRateLimitFilter(RateLimitProperties properties,
			RateLimiter limiter) {
		return registration(properties, RateLimitProperties.Key.CLIENT_IP, limiter,
				SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
	}

	/** Limits per subject run after Spring Security, which has authenticated the caller (or refused them). */
	@Bean
	@ConditionalOnBean(RateLimiter.class)
	FilterRegistrationBean<RateLimitFilter> subjectRateLimitFilter(RateLimitProperties properties,
			RateLimiter limiter) {
		return registration(properties, RateLimitProperties.Key.SUBJECT, limiter,
				SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
	}

	private static FilterRegistrationBean<RateLimitFilter> registration(RateLimitProperties properties,
			RateLimitProperties.Key key, RateLimiter limiter, int order) {
		Map<String, RateLimitProperties.Rule> rules = new LinkedHashMap<>();
		properties.rules().forEach((name, rule) -> {
			if (rule.key() == key) {
				rules.put(name, rule);
			}
		});
		FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(
				new RateLimitFilter(rules, limiter));
		registration.setName("rateLimitFilter-" + key.name().toLowerCase());
		registration.setOrder(order);
		registration.setEnabled(!rules.isEmpty());
		return registration;
	}
}
