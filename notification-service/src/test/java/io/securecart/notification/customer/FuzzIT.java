package io.securecart.notification.customer;

import java.util.UUID;

import io.securecart.testsupport.RequestFuzzer;
import io.securecart.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The fuzz tier (test-support's {@link RequestFuzzer}) against every endpoint notification maps. */
@ServiceIntegrationTest(properties = "securecart.messaging.retry.max-visibility-timeout-seconds=1")
@AutoConfigureMockMvc
class FuzzIT {

	@Autowired
	WebApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Test
	void badRequestsAreRefusedWithProblemsAndChangeNothing() {
		RequestFuzzer.Summary summary = new RequestFuzzer("notification-service", context).customer("fuzz-customer")
			.example("GET /api/notifications", "/api/notifications?orderId=" + UUID.randomUUID()
					+ "&customerId=fuzz-customer", null)
			.example("PUT /api/back-in-stock-requests/{sku}", "/api/back-in-stock-requests/SC-MUG-002", null)
			.example("GET /api/back-in-stock-requests/{sku}", "/api/back-in-stock-requests/SC-MUG-002", null)
			.rows(RequestFuzzer.rowCounts(jdbc, "notification", "back_in_stock_request"))
			.run();
		assertThat(summary.inClass(4)).isPositive();
	}
}
