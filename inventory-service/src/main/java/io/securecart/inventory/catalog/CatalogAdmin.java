package io.securecart.inventory.catalog;

import java.util.function.Consumer;

import io.securecart.contracts.Money;
import io.securecart.inventory.datasource.Lsn;
import io.securecart.inventory.stock.Product;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The back office's changes to the catalog: stock counts and prices. Each is one read-write transaction, on the
 * primary, under the product's row lock, that saves the changed product. After the commit, and only then, it
 * <ol>
 * <li>evicts the product from the shared cache, for every instance: evicted before the commit, a concurrent read could
 * cache the old row again;</li>
 * <li>reads the primary's WAL position ({@code pg_current_wal_lsn()}), which is past the commit: the consistency
 * token that lets the writer read its write from the replica (see {@link Catalog}).</li>
 * </ol>
 */
@Service
class CatalogAdmin {

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

	/** The warehouse counted {@code stockOnHand} of the product; reserved stock is part of it. */
	ProductChange countStock(String sku, int stockOnHand) {
		return change(sku, product -> product.recordStockCount(stockOnHand));
	}

	ProductChange reprice(String sku, Money price) {
		return change(sku, product -> product.reprice(price));
	}

	private ProductChange change(String sku, Consumer<Product> change) {
		ProductView changed = transactions.execute(status -> {
			Product product = products.lock(sku).orElseThrow(() -> new ProductNotFoundException(sku));
			change.accept(product);
			return ProductView.of(products.save(product));
		});
		cache.evict(sku);
		return new ProductChange(changed, walPosition());
	}

	/** Outside any transaction, so on the primary: this connection is not read-only. */
	private Lsn walPosition() {
		return Lsn.of(jdbc.sql("select pg_current_wal_lsn()::text").query(String.class).single());
	}
}
