package io.securecart.inventory.catalog;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

import io.securecart.contracts.Money;
import io.securecart.inventory.datasource.Lsn;
import io.securecart.inventory.stock.Product;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The back office's changes to the catalog: stock counts and prices. Each is one read-write transaction, on the
 * primary, under the product's row lock, that saves the changed product.
 *
 * <p>
 * A stock count sets an absolute quantity, so it applies only to the version of the product it was counted against
 * (its {@code If-Match}, ADR 41): a shipment that committed after the count was taken has already taken its goods off
 * the stock on hand, and a count applied over it would bring them back as phantom units that could be sold. The
 * version is compared twice: under the row lock, before the change, and by the save itself, whose
 * {@code update ... where version = ?} (Spring Data JDBC's optimistic lock) matches no row if the product changed
 * in between. Either way nothing is written and the answer is a 412.
 *
 * <p>
 * After the commit, and only then, it
 * <ol>
 * <li>evicts the product from the shared cache, for every instance: evicted before the commit, a concurrent read could
 * cache the old row again;</li>
 * <li>reads the primary's WAL position ({@code pg_current_wal_lsn()}), which is past the commit: the consistency
 * token that lets the writer read its write from the replica (see {@link Catalog}); if the primary cannot be asked
 * then, the change is answered without one, never as a failure.</li>
 * </ol>
 */
@Service
class CatalogAdmin {

	private static final Logger log = LoggerFactory.getLogger(CatalogAdmin.class);

	private final ProductAdminRepository products;

	private final ProductCache cache;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	CatalogAdmin(ProductAdminRepository products, ProductCache cache, JdbcClient jdbc,
			PlatformTransactionManager transactionManager) {
		this.products = products;
		this.cache = cache;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * The warehouse counted {@code stockOnHand} of the product, reserved stock included, when the product was at a
	 * version {@code ifMatch} names.
	 * @throws ProductChangedException if the product is at another version now: nothing was written
	 */
	ProductChange countStock(String sku, int stockOnHand, IfMatch ifMatch) {
		Optional<ProductChange> counted;
		try {
			counted = change(sku, ifMatch::matches, product -> product.recordStockCount(stockOnHand));
		}
		catch (OptimisticLockingFailureException changedSinceChecked) {
			// The save's "where version = ?" matched no row: the product changed after it was read and checked.
			counted = Optional.empty();
		}
		if (counted.isEmpty()) {
			// A cached copy may be what the caller counted against: the next read, token or not, is a fresh one.
			cache.evict(sku);
			throw new ProductChangedException(sku, ifMatch, walPosition());
		}
		return counted.get();
	}

	/** Whatever the version: a price is not a quantity that another change moves. */
	ProductChange reprice(String sku, Money price) {
		return change(sku, anyVersion -> true, product -> product.reprice(price)).orElseThrow();
	}

	/** Empty, with nothing written, if the product is not at an {@code expected} version. */
	private Optional<ProductChange> change(String sku, LongPredicate expected, Consumer<Product> change) {
		Optional<VersionedProduct> changed = transactions.execute(status -> {
			Product product = products.lock(sku).orElseThrow(() -> new ProductNotFoundException(sku));
			if (!expected.test(VersionedProduct.of(product).version())) {
				return Optional.empty();
			}
			change.accept(product);
			return Optional.of(VersionedProduct.of(products.save(product)));
		});
		if (changed == null || changed.isEmpty()) {
			return Optional.empty();
		}
		cache.evict(sku);
		return Optional.of(new ProductChange(changed.get(), walPosition()));
	}

	/**
	 * Outside any transaction, so on the primary: this connection is not read-only. Null if the primary cannot be
	 * asked: the change is committed, and a done change is answered as done (and audited SUCCESS), only without its
	 * token; the writer's next read may then trail it by the replica's lag. Read inside the write transaction instead,
	 * the position would be short of the commit record, and a replica at it might not show the change.
	 */
	private @Nullable Lsn walPosition() {
		try {
			return Lsn.of(jdbc.sql("select pg_current_wal_lsn()::text").query(String.class).single());
		}
		catch (RuntimeException ex) {
			log.warn("Answering without a consistency token: the primary's WAL position could not be read ({})",
					ex.getMessage());
			return null;
		}
	}
}
