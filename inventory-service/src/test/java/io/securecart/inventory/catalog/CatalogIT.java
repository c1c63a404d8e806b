package io.securecart.inventory.catalog;

import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog API against the real database, seeded with the demo catalog by Flyway and read from the replica.
 * Stock levels of demo products are not asserted: other tests and demos may have reserved some.
 */
@ServiceIntegrationTest
@AutoConfigureMockMvc
class CatalogIT {

	@Autowired
	MockMvcTester mvc;

	@ParameterizedTest
	@CsvSource(textBlock = """
			SC-TSHIRT-001,  SecureCart T-shirt,     19.99
			SC-MUG-002,     SecureCart mug,         12.50
			SC-HOODIE-003,  SecureCart hoodie,      49.00
			SC-STICKER-004, Sticker pack,           3.99
			SC-LAPTOP-005,  Developer laptop,       1899.00
			SC-POSTER-006,  Limited-edition poster, 25.00
			SC-WORKSTATION-007, Workstation laptop, 2499.00
			""")
	void theDemoCatalogIsSeeded(String sku, String name, String price) {
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products/{sku}", sku)).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					{"sku":"%s","name":"%s","price":%s,"currency":"USD"}
					""".formatted(sku, name, price));
	}

	@Test
	void searchIgnoresCaseInNameAndDescription() {
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products?q=SHIRT")).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					{"items":[{"sku":"SC-TSHIRT-001"}],"page":0,"size":20,"totalItems":1,"totalPages":1}
					""");
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products?q=Dishwasher")).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					{"items":[{"sku":"SC-MUG-002"}],"totalItems":1}
					""");
	}

	@Test
	void pagesAreOrderedBySkuAndCounted() {
		// "securecart" is in the names of the T-shirt, mug and hoodie, and in the poster's description.
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products?q=securecart&page=0&size=2")).bodyJson()
			.extractingPath("$.items[*].sku")
			.asArray()
			.containsExactly("SC-HOODIE-003", "SC-MUG-002");
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products?q=securecart&page=1&size=2")).bodyJson()
			.extractingPath("$.items[*].sku")
			.asArray()
			.containsExactly("SC-POSTER-006", "SC-TSHIRT-001");
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products?q=securecart&page=1&size=2")).bodyJson()
			.isLenientlyEqualTo("""
					{"page":1,"size":2,"totalItems":4,"totalPages":2}
					""");
	}

	@Test
	void wildcardsInTheSearchTextMatchThemselves() {
		for (String wildcard : new String[] { "%", "_" }) {
			assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products?q={q}", wildcard)).hasStatusOk()
				.bodyJson()
				.isLenientlyEqualTo("""
						{"items":[],"totalItems":0,"totalPages":0}
						""");
		}
	}

	@Test
	void unknownSkuIsA404Problem() {
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products/SC-NOPE-999")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"status":404,"title":"Product not found","sku":"SC-NOPE-999"}
					""");
	}
}
