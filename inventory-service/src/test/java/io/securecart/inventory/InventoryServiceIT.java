package io.securecart.inventory;

import io.securecart.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/** What every SecureCart service offers operators and API users: health that means something, and its API docs. */
@ServiceIntegrationTest
@AutoConfigureMockMvc
class InventoryServiceIT {

	@Autowired
	MockMvcTester mvc;

	@Test
	void healthIsUpWithTheListenerRunningAndBothDatabasesReachable() {
		assertThat(mvc.get().uri("/actuator/health")).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					{"status":"UP",
					 "components":{
					   "sqsListeners":{"status":"UP"},
					   "db":{"status":"UP","components":{
					     "primaryDataSource":{"status":"UP"},
					     "replicaDataSource":{"status":"UP"}}}}}
					""");
	}

	@Test
	void documentsTheCatalogApi() {
		assertThat(mvc.get().uri("/v3/api-docs")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.paths")
			.asMap()
			.containsKeys("/api/catalog/products", "/api/catalog/products/{sku}");
		assertThat(mvc.get().uri("/swagger-ui.html")).hasStatus3xxRedirection();
	}
}
