package io.securecart.ratelimit;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The rate limits of a service, by name (the name is part of each bucket's key, so two rules never share a bucket).
 *
 * <pre>
 * securecart.rate-limits.rules.orders:
 *   method: POST
 *   path: /api/orders
 *   key: subject        # or client-ip
 *   capacity: 30        # requests...
 *   period: 1m          # ...per period, refilled gradually
 * </pre>
 *
 * @param enabled off only for a benchmark that must measure the system, not the limit
 * @param rules the limited endpoints
 * @param pruneInterval how often the rows of buckets that are full again are deleted
 * @param pruneBatchSize how many rows one delete takes at most
 */
@Validated
@ConfigurationProperties("securecart.rate-limits")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, Map<String, @Valid Rule> rules,
		@DefaultValue("5m") @NotNull Duration pruneInterval, @DefaultValue("1000") @Positive int pruneBatchSize) {

	public RateLimitProperties {
		rules = rules == null ? Map.of() : Map.copyOf(rules);
	}

	/**
	 * @param method the HTTP method limited
	 * @param path the path pattern limited ({@code /api/orders})
	 * @param key whose bucket a request takes from
	 * @param capacity how many requests a caller may make in one period (and in one burst)
	 * @param period the time over which {@code capacity} tokens are refilled, gradually
	 */
	public record Rule(@NotBlank String method, @NotBlank String path, @NotNull Key key, @Positive long capacity,
			@NotNull Duration period) {
	}

	/** Who a bucket belongs to. */
	public enum Key {

		/** The authenticated caller (the token's {@code sub}); the rule runs after Spring Security. */
		SUBJECT,

		/**
		 * The client's address as the servlet container sees it (behind a proxy, set
		 * {@code server.forward-headers-strategy} so that it is the real client's); the rule runs before Spring
		 * Security, so that a flood of bad credentials is limited too.
		 */
		CLIENT_IP
	}
}
