package io.securecart.inventory.stock;

import java.util.Collection;
import java.util.List;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface ProductRepository extends Repository<Product, String> {

	/**
	 * Locks the products' rows ({@code select ... for update}) until the transaction ends, in SKU order. Every
	 * transaction that changes stock locks in the same order, so two orders for the same products wait for each
	 * other instead of deadlocking. Unknown SKUs are simply absent from the result.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select p from Product p where p.sku in :skus order by p.sku")
	List<Product> lockAll(Collection<String> skus);

}
