package io.securecart.checkout.order;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentTokenTest {

	@ParameterizedTest
	@ValueSource(strings = { "4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "378282246310005",
			"411111111111", "4111111111111111111", " 5500 0000 0000 0004 " })
	void recognisesCardNumbers(String cardNumber) {
		PaymentToken token = new PaymentToken(cardNumber);

		assertThat(token.looksLikeCardNumber()).isTrue();
		assertThat(token.isWellFormed()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "tok_visa", "41111111111", "41111111111111111111", "4111 1111 1111 111x", "tok_4111111111111111",
			"", "12-34" })
	void doesNotMistakeOtherValuesForCardNumbers(String value) {
		assertThat(new PaymentToken(value).looksLikeCardNumber()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "tok_visa", "tok_1", "tok_A_b_9", "tok_1234567890123456789012345678901234567890123456789012345678901234" })
	void acceptsWellFormedTokens(String value) {
		assertThat(new PaymentToken(value).isWellFormed()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "tok_", "visa", "TOK_visa", "tok_visa!", "tok_with space",
			"tok_12345678901234567890123456789012345678901234567890123456789012345" })
	void rejectsMalformedTokens(String value) {
		assertThat(new PaymentToken(value).isWellFormed()).isFalse();
	}

	@Test
	void neverPrintsItsValueNorDoesARequestThatHoldsIt() {
		PaymentToken token = new PaymentToken("tok_secret_value");
		PlaceOrderRequest request = new PlaceOrderRequest("alice", java.util.List.of(new PlaceOrderRequest.Item("A", 1)),
				new PaymentToken("4111111111111111"));

		assertThat(token.toString()).doesNotContain("secret");
		assertThat(request.toString()).contains("alice").doesNotContain("4111");
	}
}
