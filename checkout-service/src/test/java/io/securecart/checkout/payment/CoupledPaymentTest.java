package io.securecart.checkout.payment;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.securecart.checkout.order.OrderStatus;
import io.securecart.checkout.order.OrderView;
import io.securecart.checkout.order.PaymentPort;
import io.securecart.checkout.order.PaymentRequestRefusedException;
import io.securecart.checkout.order.PaymentToken;
import io.securecart.checkout.order.PaymentUnavailableException;
import io.securecart.checkout.security.ServiceIdentityConfiguration;
import io.securecart.checkout.support.StubPayment;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.platform.outbox.Outbox;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.json.BasicJsonTester;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

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

	/**
	 * What Spring Security's OAuth2ClientHttpRequestInterceptor throws when checkout's own token cannot be had
	 * (issuer down, refusing, too slow): no RestClientException, so it once left the saved order with a 500.
	 */
	@Test
	void noServiceTokenToCallPaymentIsUnavailableAndTellsOnlyTheErrorCode(CapturedOutput output) {
		RestClient.Builder http = RestClient.builder().requestInterceptor((request, body, execution) -> {
			throw new ClientAuthorizationException(
					new OAuth2Error("invalid_token_response", "issuer said: client secret s3cr3t-value", null),
					"securecart");
		});
		CoupledPayment payment = new CoupledPayment(http,
				new PaymentProperties.Payment(URI.create(stub.baseUrl()), Duration.ofSeconds(1), Duration.ofSeconds(5)));

		assertThatThrownBy(() -> payment.beforeAnswering(order(OrderStatus.PLACED), TOKEN))
			.isInstanceOf(PaymentUnavailableException.class)
			.hasMessageContaining(ORDER_ID.toString())
			.hasMessageContaining("invalid_token_response")
			.hasNoCause()
			.message()
			.doesNotContain("s3cr3t");
		assertThat(stub.requests()).as("payment was not asked").isEmpty();
		assertThat(output).doesNotContain("s3cr3t").doesNotContain("tok_visa");
	}

	/**
	 * ServiceTokenTimeoutTest's promise for the coupled mode, with checkout's application.yml and its service
	 * identity: an issuer that does not answer within the read timeout (3 s) makes the customer's payment
	 * unavailable (503 {@code payment-unavailable}), not a 500, and payment is not asked without a token.
	 */
	@Test
	void anIssuerThatDoesNotAnswerInTimeMakesTheCoupledPaymentUnavailable() {
		WireMockServer issuer = new WireMockServer(
				options().dynamicPort().bindAddress("127.0.0.1").http2PlainDisabled(true));
		issuer.start();
		try {
			issuer.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(aResponse().withFixedDelay(6_000)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"access_token\":\"late\",\"token_type\":\"Bearer\",\"expires_in\":300}")));
			new WebApplicationContextRunner().withInitializer(new ConfigDataApplicationContextInitializer())
				.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
						ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
						OAuth2ClientAutoConfiguration.class))
				.withUserConfiguration(ServiceIdentityConfiguration.class, PaymentConfiguration.class)
				.withBean(Outbox.class, () -> mock(Outbox.class))
				.withPropertyValues(
						"spring.security.oauth2.client.provider.securecart.token-uri=" + issuer.baseUrl()
								+ "/oauth2/token",
						"securecart.checkout.payment-mode=coupled",
						"securecart.checkout.payment.base-url=" + stub.baseUrl())
				.run(context -> assertThatThrownBy(() -> context.getBean(PaymentPort.class)
					.beforeAnswering(order(OrderStatus.PLACED), TOKEN))
					.isInstanceOf(PaymentUnavailableException.class)
					.hasMessageContaining(ORDER_ID.toString()));
			assertThat(issuer.getAllServeEvents()).as("the issuer was asked").isNotEmpty();
			assertThat(stub.requests()).as("payment was not asked without a token").isEmpty();
		}
		finally {
			issuer.stop();
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
