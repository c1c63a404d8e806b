package io.securecart.payment.charge;

import java.util.Map;
import java.util.UUID;

import io.securecart.testsupport.RequestFuzzer;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz tier (test-support's {@link RequestFuzzer}) against every endpoint payment maps, the coupled authorisation
 * and the back office included. The gateway settings the fuzzer may change are put back afterwards.
 */
@PaymentIntegrationTest
class FuzzIT {

	@Autowired
	WebApplicationContext context;

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	private String gatewaySettings;

	@BeforeEach
	void rememberGatewaySettings() throws Exception {
		gatewaySettings = mvc.get().uri("/api/admin/gateway").header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.exchange().getResponse().getContentAsString();
	}

	@AfterEach
	void restoreGatewaySettings() {
		assertThat(mvc.put().uri("/api/admin/gateway").header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.contentType(MediaType.APPLICATION_JSON).content(gatewaySettings)).hasStatusOk();
	}

	@Test
	void badRequestsAreRefusedWithProblemsAndChangeNothing() {
		UUID orderId = UUID.randomUUID();
		RequestFuzzer.Summary summary = new RequestFuzzer("payment-service", context).customer("fuzz-" + orderId)
			.example("GET /api/payments", "/api/payments?orderId=" + orderId, null)
			.example("POST /api/payments/authorizations", "/api/payments/authorizations", """
					{"orderId": "%s", "customerId": "fuzz-customer",
					 "lines": [{"sku": "SC-MUG-002", "quantity": 1, "unitPrice": 12.50}],
					 "total": 12.50, "currency": "USD", "paymentToken": "tok_declined"}""".formatted(orderId),
					Map.of(HttpHeaders.AUTHORIZATION, TestTokens.shared().service("checkout-service")))
			.example("PUT /api/admin/gateway", "/api/admin/gateway", gatewaySettings)
			.example("POST /api/admin/payment-attempts/{orderId}/settlement",
					"/api/admin/payment-attempts/" + orderId + "/settlement", """
							{"charged": true, "chargeReference": "ch_fuzz"}""")
			.example("POST /api/admin/refund-attempts/{orderId}/settlement",
					"/api/admin/refund-attempts/" + orderId + "/settlement", """
							{"refunded": true, "refundReference": "re_fuzz"}""")
			.example("POST /api/admin/events/replays", "/api/admin/events/replays", """
					{"from": "2099-01-01T00:00:00Z", "to": "2099-01-01T01:00:00Z"}""")
			.rows(RequestFuzzer.rowCounts(jdbc, "payment", "payment_attempt", "refund_attempt", "fraud_screening",
					"payment_hold", "outbox_message"))
			.run();
		assertThat(summary.inClass(4)).isPositive();
	}
}
