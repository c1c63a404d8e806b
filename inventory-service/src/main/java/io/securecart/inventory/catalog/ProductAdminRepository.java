package io.securecart.inventory.catalog;

import java.util.Optional;

import io.securecart.inventory.stock.Product;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/** The back office's access to products: it changes one at a time, under its row lock. */
interface ProductAdminRepository extends Repository<Product, String> {

	/**
	 * The product, locked ({@code select ... for update}) until the transaction ends: a reservation for it waits, so
	 * a stock count never races one.
	 */
	@Query("select * from product where sku = :sku for update")
	Optional<Product> lock(String sku);

	Product save(Product product);

}
