package io.securecart.inventory.catalog;

import java.util.Optional;

import io.securecart.inventory.stock.Product;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.Repository;

/** The catalog's read-only view of products: it can find them, never change them. */
interface CatalogRepository extends Repository<Product, String> {

	Optional<Product> findBySku(String sku);

	Page<Product> findAll(Pageable pageable);

	/** Case-insensitive substring match; {@code %} and {@code _} in the text match themselves. */
	Page<Product> findByNameContainingIgnoreCaseOrDescriptionContainingIgnoreCase(String name, String description,
			Pageable pageable);

}
