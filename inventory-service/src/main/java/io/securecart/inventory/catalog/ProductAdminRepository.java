package io.securecart.inventory.catalog;

import java.util.Optional;

import io.securecart.inventory.stock.Product;
import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** The back office's access to products: it changes one at a time, under its row lock. */
interface ProductAdminRepository extends Repository<Product, String> {

	/**
	 * The product, locked ({@code select ... for update}) until the transaction ends: a reservation for it waits, so
	 * a stock count never races one.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select p from Product p where p.sku = :sku")
	Optional<Product> lock(String sku);

}
