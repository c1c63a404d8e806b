package io.securecart.payment.charge;

import io.securecart.payment.security.PaymentSecurityConfiguration;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.payment.gateway.GatewayUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;

import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.context.annotation.Import;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/** The REST contract of {@code POST /api/payments/authorizations}, checkout's entry point in the coupled mode. */
@WebMvcTest(controllers = PaymentAuthorizationController.class,
		properties = "securecart.payment.coupled-authorization.enabled=true")
@Import({ PaymentSecurityConfiguration.class, PaymentProblems.class })
@WithMockUser(username = "checkout-service", roles = "SERVICE")
@ExtendWith(OutputCaptureExtension.class)
class PaymentAuthorizationControllerTest {

	private static final UUID ORDER_ID = UUID.fromString("0b8c7a52-6a4e-4b8e-9d43-7b9e2f0c1a11");

	private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

	private static final String ORDER = """
			{"orderId": "%s", "customerId": "alice",
			 "lines": [{"sku": "SC-TSHIRT-001", "quantity": 2, "unitPrice": 19.99}],
			 "total": 39.98, "currency": "USD", "paymentToken": "tok_visa"}
			""".formatted(ORDER_ID);

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private Payments payments;

	@Test
	void authorizesTheOrderAsIfItCameFromTheQueueAndAnswersWithItsPayment() {
		given(payments.authorizeNow(any()))
			.willReturn(Payment.authorized(ORDER_ID, "alice", Money.of("39.98"), "ch_123", NOW));

		MvcTestResult response = post(ORDER);

		assertThat(response).hasStatusOk().hasContentType(MediaType.APPLICATION_JSON);
		assertThat(response).bodyJson().isLenientlyEqualTo("""
				{"orderId": "%s", "customerId": "alice", "status": "AUTHORIZED", "amount": 39.98, "currency": "USD",
				 "declineReason": null}
				""".formatted(ORDER_ID));
		ArgumentCaptor<OrderPlaced> order = ArgumentCaptor.forClass(OrderPlaced.class);
		verify(payments).authorizeNow(order.capture());
		assertThat(order.getValue().orderId()).isEqualTo(ORDER_ID);
		assertThat(order.getValue().customerId()).isEqualTo("alice");
		assertThat(order.getValue().lines()).containsExactly(new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99")));
		assertThat(order.getValue().total()).isEqualTo(Money.of("39.98"));
		assertThat(order.getValue().paymentToken()).isEqualTo("tok_visa");
	}

	@Test
	void theSameOrderIsTheSameEventEveryTimeItIsAskedFor() {
		AuthorizationRequest request = new AuthorizationRequest(ORDER_ID, "alice",
				List.of(new AuthorizationRequest.Line("SC-MUG-002", 1, new BigDecimal("12.50"))),
				new BigDecimal("12.50"), "USD", "tok_visa");

		OrderPlaced first = request.toOrderPlaced(NOW);
		OrderPlaced again = request.toOrderPlaced(NOW.plusSeconds(3));

		assertThat(again.eventId()).as("one inbox entry per order").isEqualTo(first.eventId());
		assertThat(request.toString()).doesNotContain("tok_visa");
	}

	@Test
	void answersADeclineWithItsReason() {
		given(payments.authorizeNow(any()))
			.willReturn(Payment.declined(ORDER_ID, "alice", Money.of("39.98"), "card_declined", NOW));

		MvcTestResult response = post(ORDER.replace("tok_visa", "tok_declined"));

		assertThat(response).hasStatusOk();
		assertThat(response).bodyJson().extractingPath("$.status").isEqualTo("DECLINED");
		assertThat(response).bodyJson().extractingPath("$.declineReason").isEqualTo("card_declined");
	}

	@Test
	void aGatewayThatDoesNotAnswerIs503WithRetryAfter() {
		given(payments.authorizeNow(any())).willThrow(new GatewayUnavailableException("no answer"));

		MvcTestResult response = post(ORDER);

		assertThat(response).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader(HttpHeaders.RETRY_AFTER, "5");
		assertThat(response).bodyJson().extractingPath("$.detail").isEqualTo("payment gateway unavailable, try again");
	}

	@Test
	void anOpenCircuitIs503Too() {
		given(payments.authorizeNow(any()))
			.willThrow(CallNotPermittedException.createCallNotPermittedException(CircuitBreaker.ofDefaults("gw")));

		assertThat(post(ORDER)).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void anOrderWhoseChargeAwaitsReconciliationIsAConflictCheckoutWaitsOn() {
		given(payments.authorizeNow(any())).willThrow(new ChargeAwaitsReconciliationException(ORDER_ID));

		assertThat(post(ORDER)).hasStatus(HttpStatus.CONFLICT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.type")
			.asString()
			.endsWith("charge-awaits-reconciliation");
	}

	@Test
	void refusesAnInvalidOrderNamingTheFieldsButNotTheirValues(CapturedOutput output) {
		MvcTestResult response = post("""
				{"orderId": "%s", "customerId": "", "lines": [{"sku": "SC-TSHIRT-001", "quantity": 0,
				 "unitPrice": 19.99}], "total": 39.989, "currency": "USD", "paymentToken": "tok_secret_value"}
				""".formatted(ORDER_ID));

		assertThat(response).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response).bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("customerId", "lines[0].quantity", "total")
			.doesNotContain("39.989");
		assertThat(response).bodyText().doesNotContain("tok_secret_value");
		assertThat(output).doesNotContain("tok_secret_value");
		verifyNoInteractions(payments);
	}

	/**
	 * A total other than the lines' sum is the order refused, not the request malformed: checkout cancels an order on
	 * this problem type alone, and asks again after any other 4xx (a 400 {@code validation} is also what a release
	 * that does not know a field yet answers).
	 */
	@Test
	void refusesForGoodAnOrderWhoseTotalIsNotTheSumOfItsLines() {
		MvcTestResult response = post(ORDER.replace("\"total\": 39.98", "\"total\": 0.01"));

		assertThat(response).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response).bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://securecart.example/problems/authorization-refused");
		assertThat(response).bodyText().doesNotContain("tok_visa");
		verifyNoInteractions(payments);
	}

	private MvcTestResult post(String body) {
		return mvc.post().uri("/api/payments/authorizations").contentType(MediaType.APPLICATION_JSON).content(body)
			.exchange();
	}
}
