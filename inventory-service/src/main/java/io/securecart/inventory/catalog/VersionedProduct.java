package io.securecart.inventory.catalog;

import java.util.Objects;

import io.securecart.inventory.stock.Product;

import org.springframework.http.ETag;

/**
 * A product as the catalog shows it, and the version of the row it was read from: the body of a product lookup and
 * its {@code ETag}. The two are read together and cached together, so the entity tag of an answer is the version of
 * exactly what that answer shows, from whichever server (or cache entry) it came.
 *
 * @param product what the API shows
 * @param version the product's {@code @Version} when it was read; every save of the product adds one
 */
record VersionedProduct(ProductView product, long version) {

	static VersionedProduct of(Product product) {
		return new VersionedProduct(ProductView.of(product),
				Objects.requireNonNull(product.getVersion(), "A product read from the database has a version"));
	}

	/** The version as a strong entity tag ({@code "7"}), which a stock count sends back in {@code If-Match}. */
	ETag etag() {
		return new ETag(String.valueOf(version), false);
	}
}
