package io.securecart.inventory.catalog;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.StringUtils;

/**
 * Finds products for the catalog API. Read-only transactions, so they run on the read replica (see
 * {@code io.securecart.inventory.datasource}): stock shown here may trail a reservation by the replication lag.
 * That is fine for browsing; reserving stock never reads from here.
 */
@Service
@Transactional(readOnly = true)
class Catalog {

	/** Stable paging needs a total order: SKU is unique. */
	private static final Sort BY_SKU = Sort.by("sku");

	private final CatalogRepository products;

	Catalog(CatalogRepository products) {
		this.products = products;
	}

	ProductView product(String sku) {
		return products.findBySku(sku).map(ProductView::of).orElseThrow(() -> new ProductNotFoundException(sku));
	}

	/** Products whose name or description contains {@code text} (ignoring case); all products if it is blank. */
	ProductPage search(String text, int page, int size) {
		Pageable pageable = PageRequest.of(page, size, BY_SKU);
		if (!StringUtils.hasText(text)) {
			return ProductPage.of(products.findAll(pageable).map(ProductView::of));
		}
		String trimmed = text.strip();
		return ProductPage.of(products
			.findByNameContainingIgnoreCaseOrDescriptionContainingIgnoreCase(trimmed, trimmed, pageable)
			.map(ProductView::of));
	}
}
