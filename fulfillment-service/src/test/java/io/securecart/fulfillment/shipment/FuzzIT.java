package io.securecart.fulfillment.shipment;

import java.util.UUID;

import io.securecart.testsupport.RequestFuzzer;
import io.securecart.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The fuzz tier (test-support's {@link RequestFuzzer}) against every endpoint fulfillment maps. */
@ServiceIntegrationTest(properties = "securecart.messaging.retry.max-visibility-timeout-seconds=1")
@AutoConfigureMockMvc
class FuzzIT {

	@Autowired
	WebApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Test
	void badRequestsAreRefusedWithProblemsAndChangeNothing() {
		RequestFuzzer.Summary summary = new RequestFuzzer("fulfillment-service", context)
			.example("GET /api/shipments", "/api/shipments?orderId=" + UUID.randomUUID(), null)
			.rows(RequestFuzzer.rowCounts(jdbc, "shipment", "shipment_line", "outbox_message"))
			.run();
		assertThat(summary.inClass(4)).isPositive();
	}
}
