package io.securecart.checkout.catalog;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LastSeenProductsTest {

	private final LastSeenProducts products = new LastSeenProducts(2);

	@Test
	void remembersTheLastAnswerPerSku() {
		products.remember("A", product("A", "1.00"));
		products.remember("A", product("A", "1.50"));

		assertThat(products.lastSeen("A")).hasValueSatisfying(
				product -> assertThat(product.price()).isEqualByComparingTo("1.50"));
		assertThat(products.lastSeen("B")).isEmpty();
	}

	@Test
	void forgetsTheLeastRecentlyUsedSkuBeyondItsCapacity() {
		products.remember("A", product("A", "1.00"));
		products.remember("B", product("B", "2.00"));
		products.lastSeen("A");
		products.remember("C", product("C", "3.00"));

		assertThat(products.lastSeen("A")).isPresent();
		assertThat(products.lastSeen("B")).isEmpty();
		assertThat(products.lastSeen("C")).isPresent();
	}

	private static CatalogProduct product(String sku, String price) {
		return new CatalogProduct(sku, "Product " + sku, new BigDecimal(price), "USD");
	}
}
