package io.securecart.notification.customer;

import io.securecart.platform.problem.DomainProblems;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/** What asking to be told of a product's return can go wrong with, as problem types (docs/service-conventions.md). */
@Configuration(proxyBeanMethods = false)
class BackInStockProblems {

	@Bean
	DomainProblems backInStockDomainProblems() {
		return new DomainProblems().map(BackInStockLimitException.class, HttpStatus.CONFLICT, "back-in-stock-limit",
				"Too many back-in-stock requests");
	}
}
