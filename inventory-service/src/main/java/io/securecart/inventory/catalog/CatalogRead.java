package io.securecart.inventory.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import io.securecart.inventory.datasource.DatabasePosition;
import io.securecart.inventory.datasource.Lsn;
import org.jspecify.annotations.Nullable;

/**
 * A catalog answer and how fresh it is: which server it was read from, how far that server had replayed the
 * primary's WAL, how far behind it was, and when. The API turns this into response headers; the cache keeps it with
 * the answer, so a cached answer is exactly as honest as a fresh one.
 *
 * @param value the answer
 * @param position where the server that answered stood just before the read (so the answer reflects at least that)
 * @param readAt when it was read from the database
 */
record CatalogRead<T>(T value, DatabasePosition position, Instant readAt) {

	boolean fromReplica() {
		return position.replica();
	}

	/** How far the data trailed the primary when it was read: zero from the primary; null if unknown. */
	@Nullable Duration replicaLag() {
		return position.lag();
	}

	/**
	 * Whether this answer includes every write that committed on the primary at or before {@code token}. Only an
	 * answer from the replica can promise that, from the WAL position it had replayed before the read. An answer
	 * from the primary is fresh when read, but a position read on the primary before a query is not a promise about
	 * that query's snapshot (a commit's WAL is written a moment before it becomes visible), so a cached answer from
	 * the primary never satisfies a token; a new read does.
	 */
	boolean reflects(Lsn token) {
		return position.replica() && position.reflects(token);
	}

	<U> CatalogRead<U> map(Function<T, U> mapping) {
		return new CatalogRead<>(mapping.apply(value), position, readAt);
	}
}
