package io.securecart.inventory.catalog;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Health's {@code catalogCache}: whether the shared product cache (Redis) answers a {@code PING}. Without it the
 * catalog still answers, from the database ({@link ProductCache}), so the service is {@value #DEGRADED_CODE} (HTTP
 * 200, {@code management.endpoint.health.status.*}), never DOWN: a load balancer that took every instance out because
 * the cache failed would turn a slower catalog into no catalog. Spring Boot's own {@code redis} indicator, which says
 * DOWN, is switched off ({@code management.health.redis.enabled}).
 */
@Component
class CatalogCacheHealthIndicator extends AbstractHealthIndicator {

	static final String DEGRADED_CODE = "DEGRADED";

	static final Status DEGRADED = new Status(DEGRADED_CODE, "Catalog reads skip the shared cache");

	private final RedisConnectionFactory redis;

	private final CatalogProperties properties;

	CatalogCacheHealthIndicator(RedisConnectionFactory redis, CatalogProperties properties) {
		super("The catalog cache's health check failed");
		this.redis = redis;
		this.properties = properties;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("cache", ProductCache.NAME)
			.withDetail("timeToLive", properties.cache().timeToLive().toString());
		try (RedisConnection connection = redis.getConnection()) {
			connection.ping();
			builder.up().withDetail("productLookupsFrom", "cache, else database");
		}
		catch (RuntimeException ex) {
			builder.status(DEGRADED).withDetail("productLookupsFrom", "database").withDetail("problem", ex.toString());
		}
	}
}
