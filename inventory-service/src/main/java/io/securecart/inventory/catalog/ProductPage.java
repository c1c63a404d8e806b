package io.securecart.inventory.catalog;

import java.util.List;

import org.springframework.data.domain.Page;

/** One page of catalog results. {@code page} counts from 0. */
record ProductPage(List<ProductView> items, int page, int size, long totalItems, int totalPages) {

	static ProductPage of(Page<ProductView> page) {
		return new ProductPage(page.getContent(), page.getNumber(), page.getSize(), page.getTotalElements(),
				page.getTotalPages());
	}
}
