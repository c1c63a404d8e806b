package io.securecart.checkout.order;

import java.time.Duration;
import java.util.UUID;

import io.securecart.checkout.support.CheckoutIntegrationTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /api/orders} is limited per customer (the token's subject) to
 * {@code securecart.rate-limits.rules.orders} (30 a minute): the 31st request in a burst is answered 429 with
 * {@code Retry-After} and places nothing, other customers are served as before, and a token comes back after the
 * advertised wait. Refused requests (a 400 here) count too: a script sending garbage is limited like any other.
 */
class OrderRateLimitIT extends CheckoutIntegrationTestSupport {

	private static final int ORDERS_PER_MINUTE = 30;

	@Test
	void theThirtyFirstOrderOfAMinuteIsRefusedWith429AndRetryAfterAndPlacesNothing() {
		String script = newCustomer();
		placeOrder(script, "SC-MUG-002", 1);
		for (int i = 1; i < ORDERS_PER_MINUTE; i++) {
			post(UUID.randomUUID().toString(), """
					{"customerId": "%s", "items": []}
					""".formatted(script)).expectStatus().isBadRequest();
		}

		EntityExchangeResult<String> refused = post(UUID.randomUUID().toString(),
				orderRequest(script, "SC-MUG-002", 1))
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult();

		long retryAfter = Long.parseLong(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER));
		// 30 a minute, refilled gradually: the next token is at most 2 s away.
		assertThat(retryAfter).isBetween(1L, 2L);
		assertThat(refused.getResponseBody()).contains("\"status\":429", "At most 30 requests per PT1M");
		assertThat(ordersOf(script)).as("the refused order was not placed").isEqualTo(1);

		String shopper = newCustomer();
		placeOrder(shopper, "SC-TSHIRT-001", 1);
		assertThat(ordersOf(shopper)).as("another customer has a limit of their own").isEqualTo(1);

		await().atMost(Duration.ofSeconds(retryAfter + 3))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(post(UUID.randomUUID().toString(), orderRequest(script, "SC-MUG-002", 1))
				.returnResult()
				.getStatus()
				.value()).isEqualTo(HttpStatus.ACCEPTED.value()));
		assertThat(ordersOf(script)).isEqualTo(2);
	}
}
