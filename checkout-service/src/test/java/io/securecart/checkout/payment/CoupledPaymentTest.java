package io.securecart.checkout.payment;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.checkout.order.OrderStatus;
import io.securecart.checkout.order.OrderView;
import io.securecart.checkout.order.PaymentRequestRefusedException;
import io.securecart.checkout.order.PaymentToken;
import io.securecart.checkout.order.PaymentUnavailableException;
import io.securecart.checkout.support.StubPayment;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.json.BasicJsonTester;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The coupled mode against a stub payment-service over real HTTP: what it sends, when it asks, how it fails. */
@ExtendWith(OutputCaptureExtension.class)
class CoupledPaymentTest {

	private static final UUID ORDER_ID = UUID.fromString("0b8c7a52-6a4e-4b8e-9d43-7b9e2f0c1a11");

	private static final PaymentToken TOKEN = new PaymentToken("tok_visa");

	private final StubPayment stub = new StubPayment();

	private final BasicJsonTester json = new BasicJsonTester(getClass());

	@AfterEach
	void stopStub() {
		stub.close();
	}

	@Test
	void asksPaymentToDecideWithTheOrdersLinesTotalAndToken() {
		payment(Duration.ofSeconds(5)).beforeAnswering(order(OrderStatus.PLACED), TOKEN);

		assertThat(stub.requests()).singleElement()
			.satisfies(body -> assertThat(json.from(body)).isStrictlyEqualToJson("""
					{"orderId": "0b8c7a52-6a4e-4b8e-9d43-7b9e2f0c1a11", "customerId": "alice",
					 "lines": [{"sku": "SC-TSHIRT-001", "quantity": 2, "unitPrice": 19.99}],
					 "total": 39.98, "currency": "USD", "paymentToken": "tok_visa"}
					"""));
	}

	@Test
	void aDeclineIsAnAnswerNotAFailure() {
		stub.declines();

		payment(Duration.ofSeconds(5)).beforeAnswering(order(OrderStatus.PLACED), TOKEN);

		assertThat(stub.requests()).hasSize(1);
	}

	@Test
	void aHighValueOrderIsHandedToPaymentWhichHoldsItForItsScreening() {
		stub.holdsForScreening();
		CoupledPayment payment = payment(Duration.ofSeconds(5));

		payment.beforeAnswering(order(OrderStatus.SCREENING), TOKEN);
		payment.beforeAnswering(order(OrderStatus.CLEARED), TOKEN);

		assertThat(stub.requests()).as("payment holds the order with its token; the verdict charges it").hasSize(2);
	}

	@Test
	void doesNotAskAgainForAnOrderThatShowsItsDecision() {
		CoupledPayment payment = payment(Duration.ofSeconds(5));

		payment.beforeAnswering(order(OrderStatus.PAID), TOKEN);
		payment.beforeAnswering(order(OrderStatus.CANCELLED), TOKEN);

		assertThat(stub.requests()).isEmpty();
	}

	@Test
	void recordsNothingWithTheOrder() {
		payment(Duration.ofSeconds(5)).orderPlaced(new OrderPlaced(UUID.randomUUID(), ORDER_ID, "alice",
				List.of(new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99"))), Money.of("39.98"), "tok_visa",
				Instant.now()));

		assertThat(stub.requests()).as("payment is asked once the order is committed, not before").isEmpty();
	}

	@Test
	void aPaymentServiceThatAnswers503IsUnavailable(CapturedOutput output) {
		stub.down();

		assertThatThrownBy(() -> payment(Duration.ofSeconds(5)).beforeAnswering(order(OrderStatus.PLACED), TOKEN))
			.isInstanceOf(PaymentUnavailableException.class)
			.hasMessageContaining(ORDER_ID.toString())
			.hasMessageContaining("503");
		assertThat(stub.requests()).as("sent once: the JDK client does not re-send a POST").hasSize(1);
		assertThat(output).doesNotContain("tok_visa");
	}

	@Test
	void anOrderPaymentRefusesByItsOwnProblemTypeIsRefusedForGoodNotUnavailable(CapturedOutput output) {
		stub.refusesTheOrder();

		assertThatThrownBy(() -> payment(Duration.ofSeconds(5)).beforeAnswering(order(OrderStatus.PLACED), TOKEN))
			.isInstanceOf(PaymentRequestRefusedException.class)
			.hasMessageContaining(ORDER_ID.toString())
			.hasMessageContaining("422");
		assertThat(stub.requests()).as("asked once").hasSize(1);
		assertThat(output).doesNotContain("tok_visa");
	}

	/**
	 * A 4xx without payment's word that the order is refused may be gone a minute later: a 404 from a task without
	 * the coupled endpoint, a 403 of a half-rolled role change, a framework's 400 about a field payment does not know
	 * yet, as much as 401, 408 or 429.
	 */
	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 403, 404, 405, 408, 413, 415, 422, 425, 429, 500, 502, 503, 504 })
	void aRefusalThatAskingAgainMayChangeIsUnavailable(int status, CapturedOutput output) {
		stub.refuses(status);

		assertThatThrownBy(() -> payment(Duration.ofSeconds(5)).beforeAnswering(order(OrderStatus.PLACED), TOKEN))
			.isInstanceOf(PaymentUnavailableException.class)
			.hasMessageContaining(ORDER_ID.toString())
			.hasMessageContaining(String.valueOf(status));
		assertThat(output).doesNotContain("tok_visa");
	}

	@Test
	void anAnswerThatIsNoDecisionIsUnavailableNotAnInternalError(CapturedOutput output) {
		stub.answersGarbage();

		assertThatThrownBy(() -> payment(Duration.ofSeconds(5)).beforeAnswering(order(OrderStatus.PLACED), TOKEN))
			.isInstanceOf(PaymentUnavailableException.class)
			.hasMessageContaining(ORDER_ID.toString());
		assertThat(output).doesNotContain("tok_visa");
	}

	@Test
	void aPaymentServiceThatIsNotThereIsUnavailable() {
		String baseUrl = stub.baseUrl();
		stub.close();

		assertThatThrownBy(() -> payment(URI.create(baseUrl), Duration.ofSeconds(5))
			.beforeAnswering(order(OrderStatus.PLACED), TOKEN)).isInstanceOf(PaymentUnavailableException.class);
	}

	@Test
	void aPaymentServiceThatDoesNotDecideInTimeIsUnavailable() {
		stub.hang();
		try {
			assertThatThrownBy(
					() -> payment(Duration.ofMillis(300)).beforeAnswering(order(OrderStatus.PLACED), TOKEN))
				.isInstanceOf(PaymentUnavailableException.class);
		}
		finally {
			stub.release();
		}
	}

	private CoupledPayment payment(Duration timeout) {
		return payment(URI.create(stub.baseUrl()), timeout);
	}

	private static CoupledPayment payment(URI baseUrl, Duration timeout) {
		// In the service, ServiceIdentityConfiguration adds checkout's client-credentials token to every RestClient.
		return new CoupledPayment(
				RestClient.builder().defaultHeader(HttpHeaders.AUTHORIZATION, TestTokens.shared().service("checkout-service")),
				new PaymentProperties.Payment(baseUrl, Duration.ofSeconds(1), timeout));
	}

	private static OrderView order(OrderStatus status) {
		return new OrderView(ORDER_ID, "alice", status, null, new BigDecimal("39.98"), "USD",
				List.of(new OrderView.Item("SC-TSHIRT-001", 2, new BigDecimal("19.99"))),
				List.of(new OrderView.TimelineItem("OrderPlaced", Instant.parse("2026-11-21T10:00:00Z"), null)));
	}
}
