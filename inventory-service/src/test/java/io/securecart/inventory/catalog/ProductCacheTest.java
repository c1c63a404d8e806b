package io.securecart.inventory.catalog;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securecart.inventory.datasource.DatabasePosition;
import io.securecart.inventory.datasource.Lsn;
import io.securecart.testsupport.FreePorts;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;

import static org.assertj.core.api.Assertions.assertThat;

/** What the shared cache stores, and what it does when Redis cannot be reached: nothing the catalog notices. */
class ProductCacheTest {

	private static final CatalogRead<VersionedProduct> READ = new CatalogRead<>(
			new VersionedProduct(new ProductView("SC-MUG-002", "Mug", "A mug", new BigDecimal("10.50"), "USD", 7), 41),
			new DatabasePosition(true, Lsn.of("16/B374D848"), Duration.ofMillis(12)),
			Instant.parse("2026-11-30T15:00:00.123456Z"));

	@Test
	void anEntryIsTheWholeReadAsJsonAndComesBackEqual() {
		byte[] stored = ProductCache.serializer().serialize(READ);

		assertThat(new String(stored, StandardCharsets.UTF_8)).contains("\"sku\":\"SC-MUG-002\"")
			.contains("\"price\":10.50")
			.contains("\"replica\":true")
			.contains("\"version\":41");
		assertThat(ProductCache.serializer().deserialize(stored)).isEqualTo(READ);
	}

	@Test
	void anEntryFromThePrimaryWithoutReplayPositionComesBackEqual() {
		CatalogRead<VersionedProduct> fromPrimary = new CatalogRead<>(READ.value(),
				new DatabasePosition(false, null, Duration.ZERO), READ.readAt());

		assertThat(ProductCache.serializer().deserialize(ProductCache.serializer().serialize(fromPrimary)))
			.isEqualTo(fromPrimary);
	}

	@Test
	void withoutRedisALookupIsAMissAndPutsAndEvictionsAreSkippedAndCounted() throws IOException {
		LettuceConnectionFactory unreachable = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", portWithNobodyListening()),
				LettuceClientConfiguration.builder()
					.commandTimeout(Duration.ofMillis(250))
					.shutdownTimeout(Duration.ZERO)
					.build());
		unreachable.afterPropertiesSet();
		unreachable.start();
		try {
			RedisCacheManager manager = RedisCacheManager
				.builder(RedisCacheWriter.create(unreachable, writer -> writer.immediateWrites()))
				.withCacheConfiguration(ProductCache.NAME,
						RedisCacheConfiguration.defaultCacheConfig()
							.serializeValuesWith(SerializationPair.fromSerializer(ProductCache.serializer())))
				.build();
			manager.afterPropertiesSet();
			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			ProductCache cache = new ProductCache(manager, meters);

			assertThat(cache.get("SC-MUG-002")).isEmpty();
			cache.put("SC-MUG-002", READ);
			cache.evict("SC-MUG-002");

			for (String operation : new String[] { "get", "put", "evict" }) {
				assertThat(meters.get(ProductCache.ERRORS).tag("operation", operation).counter().count())
					.as(operation)
					.isEqualTo(1);
			}
		}
		finally {
			unreachable.destroy();
		}
	}

	private static int portWithNobodyListening() {
		return FreePorts.next();
	}
}
