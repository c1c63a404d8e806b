package io.securecart.checkout.order;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code Idempotency-Key}s that placed orders. A key is claimed with an insert that its primary key makes atomic:
 * of two requests racing with one key, the second waits for the first to commit and then finds the key taken.
 */
@Repository
class IdempotencyKeys {

	private final JdbcClient jdbc;

	IdempotencyKeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims {@code key} for the order about to be placed, in the caller's transaction.
	 * @return {@code false} if another request holds the key already
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	boolean claim(String key, String requestFingerprint, UUID orderId, Instant at) {
		return jdbc.sql("""
				insert into idempotency_key (key, request_fingerprint, order_id, created_at)
				values (:key, :fingerprint, :orderId, :at)
				on conflict (key) do nothing
				""")
			.param("key", key)
			.param("fingerprint", requestFingerprint)
			.param("orderId", orderId)
			.param("at", Timestamp.from(at))
			.update() == 1;
	}

	Optional<ClaimedKey> find(String key) {
		return jdbc.sql("select request_fingerprint, order_id from idempotency_key where key = :key")
			.param("key", key)
			.query((rs, row) -> new ClaimedKey(rs.getString("request_fingerprint"), rs.getObject("order_id", UUID.class)))
			.optional();
	}

	/** A key that placed an order. */
	record ClaimedKey(String requestFingerprint, UUID orderId) {

		/**
		 * The order this key placed, if {@code fingerprint} is the request that placed it.
		 * @throws IdempotencyKeyReusedException for a different request
		 */
		UUID orderFor(String fingerprint) {
			if (!requestFingerprint.equals(fingerprint)) {
				throw new IdempotencyKeyReusedException();
			}
			return orderId;
		}
	}
}
