package io.securecart.checkout.order;

import java.util.UUID;

import io.securecart.checkout.support.CheckoutIntegrationTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/orders} is limited per customer (the token's subject) by {@code securecart.rate-limits.rules.orders}
 * (30 a minute by default; 5 an hour here, so that a slow machine's requests cannot refill the bucket during the
 * burst): the request over the limit is answered 429 with {@code Retry-After} and places nothing, and other customers
 * are served as before. Refused requests (a 400 here) count too: a script sending garbage is limited like any other.
 */
@TestPropertySource(properties = { "securecart.rate-limits.rules.orders.capacity=5",
		"securecart.rate-limits.rules.orders.period=1h" })
class OrderRateLimitIT extends CheckoutIntegrationTestSupport {

	@Test
	void theOrderOverTheLimitIsRefusedWith429AndRetryAfterAndPlacesNothing() {
		String script = newCustomer();
		placeOrder(script, "SC-MUG-002", 1);
		for (int i = 1; i < 5; i++) {
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
		// 5 an hour, refilled gradually: the next token is up to 12 minutes away.
		assertThat(retryAfter).isBetween(10 * 60L, 12 * 60L);
		assertThat(refused.getResponseBody()).contains("\"status\":429", "At most 5 requests per PT1H");
		assertThat(ordersOf(script)).as("the refused order was not placed").isEqualTo(1);

		String shopper = newCustomer();
		placeOrder(shopper, "SC-TSHIRT-001", 1);
		assertThat(ordersOf(shopper)).as("another customer has a limit of their own").isEqualTo(1);
	}
}
