package io.securecart.inventory.catalog;

import io.lettuce.core.ClientOptions;

import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;

/**
 * The catalog's settings, and Spring's cache over Redis for its products ({@link ProductCache}, ADR 13): one cache
 * that every instance of the service reads and evicts, so a price change evicted by one instance is gone for all.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CatalogProperties.class)
@EnableCaching
class CatalogConfiguration {

	/**
	 * {@code catalog-products}: entries live {@code securecart.inventory.catalog.cache.time-to-live}, as JSON under
	 * {@code inventory:catalog-products:v2:<sku>} (readable with {@code redis-cli}; the version changes with the
	 * entry's shape, so that a rolling deployment never reads the other version's entries).
	 * <p>
	 * Writes are immediate: Spring Data Redis would otherwise send puts and evictions asynchronously over Lettuce, so
	 * that a price change could answer before its eviction reached Redis, and a failed eviction would go unnoticed.
	 */
	@Bean
	RedisCacheManagerBuilderCustomizer catalogProductsCache(CatalogProperties properties,
			RedisConnectionFactory redis) {
		return builder -> builder
			.cacheWriter(RedisCacheWriter.create(redis, writer -> writer.immediateWrites().collectStatistics()))
			.withCacheConfiguration(ProductCache.NAME,
				RedisCacheConfiguration.defaultCacheConfig()
					.entryTtl(properties.cache().timeToLive())
					.disableCachingNullValues()
					.computePrefixWith(name -> ProductCache.KEY_PREFIX)
					.serializeValuesWith(SerializationPair.fromSerializer(ProductCache.serializer())));
	}

	/**
	 * While the connection to Redis is down, commands fail at once instead of waiting in Lettuce's queue for a
	 * reconnection: a catalog read then goes to the database without delay. Lettuce reconnects in the background.
	 */
	@Bean
	LettuceClientOptionsBuilderCustomizer failFastWhileRedisIsDisconnected() {
		return options -> options.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}
}
