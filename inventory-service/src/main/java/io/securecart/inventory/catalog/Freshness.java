package io.securecart.inventory.catalog;

import java.time.Duration;
import java.time.Instant;

import org.springframework.http.HttpHeaders;

/**
 * The response headers that say how fresh a catalog answer is, so that lagging data is never passed off as fresh:
 * <ul>
 * <li>{@value #DATA_SOURCE}: {@code replica} or {@code primary}, the server the data was read from, as that server
 * reported it ({@code pg_is_in_recovery()});</li>
 * <li>{@value #REPLICA_LAG}: from the replica, how many milliseconds it trailed the primary when it was read;</li>
 * <li>{@code Age} (RFC 9111): for a product lookup, seconds since it was read from the database; above 0 it came
 * from the cache.</li>
 * </ul>
 * A write answers with {@value #CONSISTENCY_TOKEN}: the primary's WAL position after its commit. A read that sends it
 * back sees that write.
 */
final class Freshness {

	static final String DATA_SOURCE = "X-Data-Source";

	static final String REPLICA_LAG = "X-Replica-Lag-Ms";

	static final String CONSISTENCY_TOKEN = "Consistency-Token";

	private Freshness() {
	}

	static HttpHeaders of(CatalogRead<?> read) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(DATA_SOURCE, read.fromReplica() ? "replica" : "primary");
		Duration lag = read.replicaLag();
		if (read.fromReplica() && lag != null) {
			headers.set(REPLICA_LAG, String.valueOf(lag.toMillis()));
		}
		return headers;
	}

	/** As {@link #of}, plus {@code Age}: how long before {@code now} the answer was read. */
	static HttpHeaders withAge(CatalogRead<?> read, Instant now) {
		HttpHeaders headers = of(read);
		long seconds = Math.max(0, Duration.between(read.readAt(), now).toSeconds());
		headers.set(HttpHeaders.AGE, String.valueOf(seconds));
		return headers;
	}
}
