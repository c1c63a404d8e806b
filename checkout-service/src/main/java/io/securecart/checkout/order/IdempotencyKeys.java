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
 * of two requests racing with one key, the second waits for the first to commit and then finds the key taken. A key
 * is unique over every customer, as V1 made it, but only its customer finds it ({@link #find}): another customer's
 * same key is refused (422) without their order ever being read. Keying it by customer needs an expand-and-contract
 * pair of releases (the conventions' "Migrations"): old instances, still serving during a rolling deployment, claim
 * with {@code on conflict (key)}, which needs this primary key.
 */
@Repository
class IdempotencyKeys {

	private final JdbcClient jdbc;

	IdempotencyKeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims {@code key} for the order about to be placed, in the caller's transaction.
	 * @return {@code false} if another request holds the key already: the customer's own, or (rarely, as keys are
	 * random) another customer's
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	boolean claim(String key, String requestFingerprint, UUID orderId, Instant at) {
		// The conflict target is the primary key, the table's only unique index: the one PostgreSQL guards.
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

	/**
	 * The customer's {@code key}, if it placed one of their orders: the key's order names its customer, so another
	 * customer's same key is not found, and their order is not read.
	 */
	Optional<ClaimedKey> find(String customerId, String key) {
		return jdbc.sql("""
				select k.request_fingerprint, k.order_id from idempotency_key k join orders o on o.id = k.order_id
				where k.key = :key and o.customer_id = :customerId
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
