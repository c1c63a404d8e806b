package io.securecart.platform.messaging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageTokensTest {

	@Test
	void anOrderPlacedShowsNoPaymentToken() {
		String placed = "{\"orderId\":\"42\",\"paymentToken\" : \"tok_visa\",\"total\":\"12.50\"}";

		assertThat(MessageTokens.masked(placed))
			.isEqualTo("{\"orderId\":\"42\",\"paymentToken\" : \"***\",\"total\":\"12.50\"}");
	}

	@Test
	void aFulfillmentTaskShowsNoTaskTokenButEverythingElse() {
		String task = "{\"step\":\"Ship\",\"input\":{\"orderId\":\"42\"},\"taskToken\":\"AAAAKgAAAAIAAAAA\",\"attempt\":2}";

		assertThat(MessageTokens.masked(task))
			.isEqualTo("{\"step\":\"Ship\",\"input\":{\"orderId\":\"42\"},\"taskToken\":\"***\",\"attempt\":2}");
	}
}
