package io.securecart.inventory;

import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/** What every SecureCart service offers operators and API users: health that means something, and its API docs. */
@ServiceIntegrationTest
@AutoConfigureMockMvc
class InventoryServiceIT {

	@Autowired
	MockMvcTester mvc;

	@Test
	void healthIsUpWithTheListenerRunningThePrimaryReachableAndCatalogReadsOnTheReplica() {
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/actuator/health")).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					{"status":"UP",
					 "components":{
					   "sqsListeners":{"status":"UP"},
					   "db":{"status":"UP","details":{"database":"PostgreSQL"}},
					   "catalogReplica":{"status":"UP","details":{"replica":"STREAMING","catalogReadsFrom":"replica"}}}}
					""");
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/actuator/health")).bodyJson()
			.extractingPath("$.components.catalogReplica.details.lagMillis")
			.asNumber()
			.satisfies(lag -> assertThat(lag.longValue()).isNotNegative());
	}

	@Test
	void publishesTheReplicasLagAsAMetricInSeconds() {
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/actuator/metrics/securecart.replica.lag")).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					{"name":"securecart.replica.lag","baseUnit":"seconds","measurements":[{"statistic":"VALUE"}]}
					""");
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/actuator/metrics/securecart.replica.lag")).bodyJson()
			.extractingPath("$.measurements[0].value")
			.asNumber()
			.satisfies(lag -> assertThat(lag.doubleValue()).isNotNegative());
	}

	@Test
	void documentsTheCatalogApi() {
		assertThat(mvc.get().uri("/v3/api-docs")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.paths")
			.asMap()
			.containsKeys("/api/catalog/products", "/api/catalog/products/{sku}",
					"/api/catalog/products/{sku}/stock", "/api/catalog/products/{sku}/price");
		// A WAL position is text, such as 0/3000148, not the Lsn record's fields.
		assertThat(mvc.get().uri("/v3/api-docs")).bodyJson()
			.extractingPath("$.paths['/api/catalog/products/{sku}'].get.parameters[?(@.name == 'Consistency-Token')]"
					+ ".schema.type")
			.asArray()
			.containsExactly("string");
		// A stock count names the version it was counted against (ADR 41): If-Match, and its two refusals.
		assertThat(mvc.get().uri("/v3/api-docs")).bodyJson()
			.extractingPath("$.paths['/api/catalog/products/{sku}/stock'].put.parameters[?(@.name == 'If-Match')]"
					+ ".required")
			.asArray()
			.containsExactly(true);
		assertThat(mvc.get().uri("/v3/api-docs")).bodyJson()
			.extractingPath("$.paths['/api/catalog/products/{sku}/stock'].put.responses")
			.asMap()
			.containsKeys("200", "412", "428");
		assertThat(mvc.get().uri("/v3/api-docs")).bodyJson()
			.extractingPath("$.paths['/api/catalog/products/{sku}'].get.responses['200'].headers")
			.asMap()
			.containsKey("ETag");
		assertThat(mvc.get().uri("/swagger-ui.html")).hasStatus3xxRedirection();
	}
}
