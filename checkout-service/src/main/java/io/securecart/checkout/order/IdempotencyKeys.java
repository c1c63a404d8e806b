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
 * The {@code Idempotency-Key}s that placed orders, each its customer's own (V15: another customer may send the same
 * key). A key is claimed with an insert that its primary key, {@code (customer_id, key)}, makes atomic: of two requests
 * of one customer racing with one key, the second waits for the first to commit and then finds the key taken.
 */
@Repository
class IdempotencyKeys {

	private final JdbcClient jdbc;

	IdempotencyKeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims the customer's {@code key} for the order about to be placed, in the caller's transaction.
	 * @return {@code false} if another request of the customer holds the key already
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	boolean claim(String customerId, String key, String requestFingerprint, UUID orderId, Instant at) {
		// The conflict target is the primary key, the table's only unique index: the one PostgreSQL guards.
		return jdbc.sql("""
				insert into idempotency_key (customer_id, key, request_fingerprint, order_id, created_at)
				values (:customerId, :key, :fingerprint, :orderId, :at)
				on conflict (customer_id, key) do nothing
				""")
			.param("customerId", customerId)
			.param("key", key)
			.param("fingerprint", requestFingerprint)
			.param("orderId", orderId)
			.param("at", Timestamp.from(at))
			.update() == 1;
	}

	/** The customer's {@code key}, if it placed an order; another customer's same key is not theirs. */
	Optional<ClaimedKey> find(String customerId, String key) {
		return jdbc.sql("""
				select request_fingerprint, order_id from idempotency_key where customer_id = :customerId and key = :key
				""")
			.param("customerId", customerId)
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
