package io.securecart.console.shop;

import io.securecart.console.api.Service;
import io.securecart.console.api.ServiceApi;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/** inventory-service's catalog API, as the signed-in user. */
@Component
class Catalog {

	static final int PAGE_SIZE = 12;

	private final ServiceApi api;

	Catalog(ServiceApi api) {
		this.api = api;
	}

	Read<ProductPage> search(Authentication user, String query, int page) {
		ResponseEntity<ProductPage> answer = query == null || query.isBlank()
				? api.getEntity(Service.INVENTORY, user, ProductPage.class,
						"/api/catalog/products?page={page}&size={size}", page, PAGE_SIZE)
				: api.getEntity(Service.INVENTORY, user, ProductPage.class,
						"/api/catalog/products?q={q}&page={page}&size={size}", query.strip(), page, PAGE_SIZE);
		return new Read<>(answer.getBody(), Freshness.of(answer.getHeaders()));
	}

	Read<Product> product(Authentication user, String sku) {
		ResponseEntity<Product> answer = api.getEntity(Service.INVENTORY, user, Product.class,
				"/api/catalog/products/{sku}", sku);
		return new Read<>(answer.getBody(), Freshness.of(answer.getHeaders()));
	}

	record Read<T>(T value, Freshness freshness) {
	}
}
