package io.securecart.checkout.catalog;

import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.securecart.checkout.order.OrderView;
import io.securecart.checkout.support.CheckoutIntegrationTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pricing when inventory's catalog misbehaves: a failed lookup is retried, a hung one times out, repeated failures
 * open the circuit, and then the last price seen is used; with no price to fall back on, the order is refused.
 */
class CatalogResilienceIT extends CheckoutIntegrationTestSupport {

	private static final int ATTEMPTS = 3;

	@Autowired
	private CircuitBreakerRegistry circuitBreakers;

	@Test
	void retriesAFailedLookupAndPricesAtTheCatalogsCurrentPrice() {
		catalog.product("SC-MUG-002", "13.00");
		catalog.failNext(1);

		OrderView order = placeOrder(newCustomer(), "SC-MUG-002", 2);

		assertThat(order.items().getFirst().unitPrice()).isEqualByComparingTo("13.00");
		assertThat(order.total()).isEqualByComparingTo("26.00");
		assertThat(catalog.requestsFor("SC-MUG-002")).isEqualTo(2);
	}

	@Test
	void whenTheCatalogIsDownTheLastPriceSeenIsUsed() {
		placeOrder(newCustomer(), "SC-MUG-002", 1);
		catalog.product("SC-MUG-002", "14.00");
		catalog.down();

		OrderView order = placeOrder(newCustomer(), "SC-MUG-002", 1);

		assertThat(order.items().getFirst().unitPrice()).as("the last price seen, not today's")
			.isEqualByComparingTo("12.50");
		assertThat(catalog.requestsFor("SC-MUG-002")).isEqualTo(1 + ATTEMPTS);
	}

	@Test
	void aCatalogThatDoesNotAnswerTimesOutAndTheLastPriceSeenIsUsed() {
		placeOrder(newCustomer(), "SC-TSHIRT-001", 1);
		catalog.hang();

		OrderView order = placeOrder(newCustomer(), "SC-TSHIRT-001", 3);

		assertThat(order.items().getFirst().unitPrice()).isEqualByComparingTo("19.99");
		assertThat(order.total()).isEqualByComparingTo("59.97");
		assertThat(catalog.requestsFor("SC-TSHIRT-001")).isEqualTo(1 + ATTEMPTS);
	}

	@Test
	void withNoPriceToFallBackOnTheOrderIsRefusedWith503AndNothingIsPlaced() {
		String neverSeen = "SC-NEW-" + UUID.randomUUID().toString().substring(0, 8);
		catalog.product(neverSeen, "5.00");
		catalog.down();
		String customer = newCustomer();
		String key = UUID.randomUUID().toString();

		post(key, orderRequest(customer, neverSeen, 1)).expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "5")
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("catalog unavailable, try again");
		assertThat(ordersOf(customer)).isZero();

		catalog.up();
		post(key, orderRequest(customer, neverSeen, 1)).expectStatus()
			.isEqualTo(HttpStatus.ACCEPTED)
			.expectBody(OrderView.class)
			.value(order -> assertThat(order.total()).isEqualByComparingTo("5.00"));
		assertThat(ordersOf(customer)).as("the key was not used up by the failed attempt").isEqualTo(1);
	}

	@Test
	void aSkuTheCatalogRefusesIsAnUnknownSkuAndNoFailureOfTheCatalog() {
		String refused = "SC-REFUSED-" + UUID.randomUUID().toString().substring(0, 8);
		catalog.refuses(refused);
		CircuitBreaker breaker = circuitBreakers.circuitBreaker("catalog");

		for (int order = 0; order < 4; order++) {
			post(UUID.randomUUID().toString(), orderRequest(newCustomer(), refused, 1)).expectStatus()
				.isEqualTo(HttpStatus.BAD_REQUEST)
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("https://securecart.example/problems/unknown-sku");
		}

		assertThat(catalog.requestsFor(refused)).as("each asked once, not retried").isEqualTo(4);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).as("failures the circuit counts").isZero();
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void repeatedFailuresOpenTheCircuitAndTheCatalogIsLeftAlone() {
		placeOrder(newCustomer(), "SC-TSHIRT-001", 1);
		catalog.down();
		placeOrder(newCustomer(), "SC-TSHIRT-001", 1);
		placeOrder(newCustomer(), "SC-TSHIRT-001", 1);
		assertThat(circuitBreakers.circuitBreaker("catalog").getState()).isEqualTo(CircuitBreaker.State.OPEN);
		int calls = catalog.requestsFor("SC-TSHIRT-001");

		OrderView order = placeOrder(newCustomer(), "SC-TSHIRT-001", 1);

		assertThat(order.items().getFirst().unitPrice()).isEqualByComparingTo("19.99");
		assertThat(catalog.requestsFor("SC-TSHIRT-001")).as("no call while the circuit is open").isEqualTo(calls);
	}
}
