package io.securecart.inventory.catalog;

import java.util.Map;

import io.securecart.testsupport.RequestFuzzer;
import io.securecart.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz tier (test-support's {@link RequestFuzzer}) against every endpoint inventory maps. The back-office writes
 * name a product that does not exist, so that a body the fuzzer leaves valid changes no price other tests rely on.
 */
@ServiceIntegrationTest
@AutoConfigureMockMvc
class FuzzIT {

	@Autowired
	WebApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Test
	void badRequestsAreRefusedWithProblemsAndChangeNothing() {
		RequestFuzzer.Summary summary = new RequestFuzzer("inventory-service", context)
			.example("GET /api/catalog/products", "/api/catalog/products?q=mug&page=0&size=5", null)
			.example("GET /api/catalog/products/{sku}", "/api/catalog/products/SC-MUG-002", null)
			.example("GET /api/catalog/products/{sku}/recommendations",
					"/api/catalog/products/SC-MUG-002/recommendations", null)
			.example("PUT /api/catalog/products/{sku}/price", "/api/catalog/products/SC-FUZZ-404/price",
					"{\"price\": 12.50, \"currency\": \"USD\"}")
			.example("PUT /api/catalog/products/{sku}/stock", "/api/catalog/products/SC-FUZZ-404/stock",
					"{\"stockOnHand\": 7}", Map.of("If-Match", "\"0\""))
			.rows(RequestFuzzer.rowCounts(jdbc, "product", "reservation", "outbox_message"))
			.run();
		assertThat(summary.inClass(4)).isPositive();
	}
}
