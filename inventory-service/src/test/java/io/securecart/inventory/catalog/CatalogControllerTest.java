package io.securecart.inventory.catalog;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;

/** The catalog's REST contract, which checkout and the demo UI rely on, and its problem+json errors. */
@WebMvcTest(CatalogController.class)
class CatalogControllerTest {

	private static final ProductView TSHIRT = new ProductView("SC-TSHIRT-001", "SecureCart T-shirt",
			"Organic cotton T-shirt with the SecureCart logo.", new BigDecimal("19.99"), "USD", 100);

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	Catalog catalog;

	@Test
	void productBySku() {
		given(catalog.product("SC-TSHIRT-001")).willReturn(TSHIRT);

		assertThat(mvc.get().uri("/api/catalog/products/SC-TSHIRT-001")).hasStatusOk()
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"sku":"SC-TSHIRT-001","name":"SecureCart T-shirt",
					 "description":"Organic cotton T-shirt with the SecureCart logo.",
					 "price":19.99,"currency":"USD","availableStock":100}
					""");
	}

	@Test
	void priceIsAJsonNumberWithItsCents() {
		given(catalog.product("SC-HOODIE-003")).willReturn(new ProductView("SC-HOODIE-003", "SecureCart hoodie",
				"Heavyweight hoodie", new BigDecimal("49.00"), "USD", 50));

		assertThat(mvc.get().uri("/api/catalog/products/SC-HOODIE-003")).hasStatusOk()
			.bodyText()
			.contains("\"price\":49.00");
	}

	@Test
	void unknownSkuIsA404Problem() {
		given(catalog.product("SC-NOPE-999")).willThrow(new ProductNotFoundException("SC-NOPE-999"));

		assertThat(mvc.get().uri("/api/catalog/products/SC-NOPE-999")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"status":404,"title":"Product not found","detail":"No product has SKU 'SC-NOPE-999'",
					 "instance":"/api/catalog/products/SC-NOPE-999","sku":"SC-NOPE-999"}
					""");
	}

	@Test
	void searchReturnsAPageOfProducts() {
		given(catalog.search("shirt", 0, 20)).willReturn(new ProductPage(List.of(TSHIRT), 0, 20, 1, 1));

		assertThat(mvc.get().uri("/api/catalog/products?q=shirt&page=0&size=20")).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("""
					{"items":[{"sku":"SC-TSHIRT-001","name":"SecureCart T-shirt",
					           "description":"Organic cotton T-shirt with the SecureCart logo.",
					           "price":19.99,"currency":"USD","availableStock":100}],
					 "page":0,"size":20,"totalItems":1,"totalPages":1}
					""");
	}

	@Test
	void searchDefaultsToTheFirstPageOfTwentyWithoutText() {
		given(catalog.search(null, 0, 20)).willReturn(new ProductPage(List.of(), 0, 20, 0, 0));

		assertThat(mvc.get().uri("/api/catalog/products")).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("""
					{"items":[],"page":0,"size":20,"totalItems":0,"totalPages":0}
					""");
	}

	@Test
	void pageSizeAboveOneHundredIsA400ProblemNamingTheParameter() {
		assertThat(mvc.get().uri("/api/catalog/products?size=101")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"status":400,"detail":"size must be less than or equal to 100"}
					""");
		then(catalog).should(never()).search(any(), anyInt(), anyInt());
	}

	@Test
	void negativePageAndZeroSizeAreBothReported() {
		assertThat(mvc.get().uri("/api/catalog/products?page=-1&size=0")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"status":400,
					 "detail":"page must be greater than or equal to 0; size must be greater than or equal to 1"}
					""");
	}

	@Test
	void nonNumericPageIsA400Problem() {
		assertThat(mvc.get().uri("/api/catalog/products?page=first")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("page");
		then(catalog).should(never()).search(any(), anyInt(), anyInt());
	}

	@Test
	void overlongSearchTextIsA400Problem() {
		assertThat(mvc.get().uri("/api/catalog/products?q=" + "x".repeat(101))).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"status":400,"detail":"q size must be between 0 and 100"}
					""");
	}
}
