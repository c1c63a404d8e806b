package io.securecart.inventory.recommendation;

import io.securecart.platform.problem.DomainProblems;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/** Recommendations of an unknown SKU: the catalog's 404 {@code product-not-found}, with the SKU. */
@Configuration(proxyBeanMethods = false)
public class RecommendationProblems {

	@Bean
	DomainProblems recommendationDomainProblems() {
		return new DomainProblems().map(UnknownProductException.class, HttpStatus.NOT_FOUND, "product-not-found",
				"Product not found", (ex, problem, headers) -> problem.setProperty("sku", ex.sku()));
	}
}
