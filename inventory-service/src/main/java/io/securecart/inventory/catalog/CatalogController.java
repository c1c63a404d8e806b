package io.securecart.inventory.catalog;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The product catalog: browse and search products, look one up by SKU. */
@RestController
@RequestMapping("/api/catalog/products")
class CatalogController {

	static final int MAX_PAGE_SIZE = 100;

	private final Catalog catalog;

	CatalogController(Catalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping
	ProductPage search(@RequestParam(required = false) @Size(max = 100) String q,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
		return catalog.search(q, page, size);
	}

	@GetMapping("/{sku}")
	ProductView product(@PathVariable String sku) {
		return catalog.product(sku);
	}
}
