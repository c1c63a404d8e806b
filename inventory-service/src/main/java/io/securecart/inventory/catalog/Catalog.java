package io.securecart.inventory.catalog;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.securecart.inventory.datasource.DatabasePosition;
import io.securecart.inventory.datasource.Lsn;
import io.securecart.inventory.datasource.ReplicaMonitor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * Finds products for the catalog API, on the read replica, and says how fresh each answer is ({@link CatalogRead}).
 *
 * <p>
 * Where a read runs:
 * <ul>
 * <li>In a read-only transaction, which the datasource sends to the replica, or to the primary while the replica is
 * down or too far behind. Its first statement asks the server where it stands ({@link DatabasePosition}): the answer
 * says which server it came from because that server said so.</li>
 * <li>A read that carries a consistency token (the WAL position a write returned) waits up to
 * {@code securecart.inventory.catalog.read-your-writes-wait} for the replica to replay that position, then reads
 * there; if the replica is not there yet, it reads from the primary. So a client always reads its own writes, and
 * nobody else pays for them.</li>
 * <li>A read on the replica that fails (the replica died mid-request) is read again from the primary, and the
 * replica monitor takes the reads off the replica until it answers again.</li>
 * </ul>
 * Product lookups are cached for a few seconds ({@link ProductCache}); searches are not.
 */
@Service
class Catalog {

	private static final Logger log = LoggerFactory.getLogger(Catalog.class);

	/** Stable paging needs a total order: SKU is unique. */
	private static final Sort BY_SKU = Sort.by("sku");

	/** How often a read with a token asks the replica whether it has replayed that far. */
	private static final Duration REPLAY_POLL = Duration.ofMillis(5);

	private final CatalogRepository products;

	private final ProductCache cache;

	private final JdbcClient jdbc;

	private final ReplicaMonitor replica;

	private final Duration readYourWritesWait;

	/** Read-only: the replica (or the primary, while the replica cannot serve). */
	private final TransactionTemplate readOnly;

	/** Not read-only, so it runs on the primary; it only reads. */
	private final TransactionTemplate onPrimary;

	private final Clock clock;

	Catalog(CatalogRepository products, ProductCache cache, JdbcClient jdbc, ReplicaMonitor replica,
			PlatformTransactionManager transactionManager, CatalogProperties properties, Clock clock) {
		this.clock = clock;
		this.products = products;
		this.cache = cache;
		this.jdbc = jdbc;
		this.replica = replica;
		this.readYourWritesWait = properties.readYourWritesWait();
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
		this.onPrimary = new TransactionTemplate(transactionManager);
	}

	/**
	 * The product with this SKU, and the version it was read at (its {@code ETag}).
	 * @param token if not null, the answer includes every write up to this WAL position
	 * @throws ProductNotFoundException if the server read has no such product
	 */
	CatalogRead<VersionedProduct> product(String sku, @Nullable Lsn token) {
		Optional<CatalogRead<VersionedProduct>> cached = cache.get(sku)
			.filter(hit -> token == null || hit.reflects(token));
		if (cached.isPresent()) {
			return cached.get();
		}
		CatalogRead<Optional<VersionedProduct>> read = read(() -> products.findBySku(sku).map(VersionedProduct::of),
				token);
		if (read.value().isEmpty()) {
			throw new ProductNotFoundException(sku, read);
		}
		CatalogRead<VersionedProduct> found = read.map(Optional::get);
		cache.put(sku, found);
		return found;
	}

	/**
	 * Products whose name or description contains {@code text} (ignoring case); all products if it is blank.
	 * @param token if not null, the answer includes every write up to this WAL position
	 */
	CatalogRead<ProductPage> search(@Nullable String text, int page, int size, @Nullable Lsn token) {
		Pageable pageable = PageRequest.of(page, size, BY_SKU);
		if (!StringUtils.hasText(text)) {
			return read(() -> ProductPage.of(products.findAll(pageable).map(ProductView::of)), token);
		}
		String trimmed = text.strip();
		return read(() -> ProductPage.of(products
			.findByNameContainingIgnoreCaseOrDescriptionContainingIgnoreCase(trimmed, trimmed, pageable)
			.map(ProductView::of)), token);
	}

	private <T> CatalogRead<T> read(Supplier<T> query, @Nullable Lsn token) {
		boolean replicaTrusted = replica.servesReads();
		if (token != null && replicaTrusted) {
			requireWritten(token);
		}
		try {
			Optional<CatalogRead<T>> read = readOnly
				.execute(status -> positionReflecting(token).map(position -> readAt(position, query)));
			if (read != null && read.isPresent()) {
				return read.get();
			}
			log.debug("The replica has not replayed {} within {}: reading from the primary", token,
					readYourWritesWait);
		}
		catch (DataAccessException | TransactionException ex) {
			if (!replicaTrusted) {
				throw ex; // it ran on the primary already
			}
			log.warn("A catalog read on the replica failed, reading from the primary: {}", ex.toString());
			replica.replicaFailed(ex);
		}
		return onPrimary.execute(status -> readAt(DatabasePosition.of(jdbc), query));
	}

	/**
	 * A token is a position a write answered with, so the primary has written it: one beyond is forged or garbled, and
	 * the replica would never reach it, while the read held a replica connection for the whole wait (any caller could
	 * take the replica's pool that way). Only while the replica serves reads: without it the read goes to the primary,
	 * which waits for nothing. Outside a transaction, so on the primary; a primary that cannot be asked leaves the
	 * token unchecked (logged), since the read itself may still be served by the replica.
	 * @throws UnwrittenPositionException when the token is beyond what the primary has written
	 */
	private void requireWritten(Lsn token) {
		Lsn written;
		try {
			written = Lsn.of(jdbc.sql("select pg_current_wal_lsn()::text").query(String.class).single());
		}
		catch (DataAccessException ex) {
			log.warn("Could not read the primary's WAL position; token {} unchecked: {}", token, ex.toString());
			return;
		}
		if (!written.isAtLeast(token)) {
			log.debug("Token {} is beyond the primary's position {}", token, written);
			throw new UnwrittenPositionException(token);
		}
	}

	/**
	 * Where this transaction's server stands, once it reflects {@code token}; empty if the replica does not get
	 * there within the wait. Runs before the query: the query's snapshot is taken later, so it reflects at least
	 * this position.
	 */
	private Optional<DatabasePosition> positionReflecting(@Nullable Lsn token) {
		DatabasePosition position = DatabasePosition.of(jdbc);
		if (token == null) {
			return Optional.of(position);
		}
		long deadline = System.nanoTime() + readYourWritesWait.toNanos();
		while (!position.reflects(token)) {
			if (System.nanoTime() - deadline >= 0) {
				return Optional.empty();
			}
			LockSupport.parkNanos(REPLAY_POLL.toNanos());
			position = DatabasePosition.of(jdbc);
		}
		return Optional.of(position);
	}

	private <T> CatalogRead<T> readAt(DatabasePosition position, Supplier<T> query) {
		return new CatalogRead<>(query.get(), position, clock.instant());
	}
}
