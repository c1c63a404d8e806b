package io.securecart.inventory.stock;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

interface ProductRepository extends Repository<Product, String> {

	/**
	 * Locks the products' rows ({@code select ... for update}) until the transaction ends, in SKU order. Every
	 * transaction that changes stock locks in the same order, so two orders for the same products wait for each
	 * other instead of deadlocking. Unknown SKUs are simply absent from the result.
	 */
	@Query("select * from product where sku in (:skus) order by sku for update")
	List<Product> lockAll(Collection<String> skus);

	/** Writes a changed product; a product nobody saved keeps its old row (there is no dirty checking). */
	Product save(Product product);

}
