package io.securecart.console.shop;

import java.util.List;

/** One page of the catalog's search. */
record ProductPage(List<Product> items, int page, int size, long totalItems, int totalPages) {
}
