package io.securecart.inventory.catalog;

import io.securecart.inventory.security.InventorySecurityConfiguration;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.securecart.inventory.datasource.DatabasePosition;
import io.securecart.inventory.datasource.Lsn;
import io.securecart.contracts.activity.CustomerActivity;
import io.securecart.contracts.activity.ProductViewed;
import io.securecart.platform.stream.CustomerActivityStream;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.context.annotation.Import;
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

/**
 * The catalog's REST contract, which checkout and the demo UI rely on, its freshness headers and its problem+json
 * errors.
 */
@WebMvcTest(CatalogController.class)
@Import({ InventorySecurityConfiguration.class, CatalogProblems.class })
@WithMockUser(username = "alice", roles = "CUSTOMER")
class CatalogControllerTest {

	private static final ProductView TSHIRT = new ProductView("SC-TSHIRT-001", "SecureCart T-shirt",
			"Organic cotton T-shirt with the SecureCart logo.", new BigDecimal("19.99"), "USD", 100);

	/** The T-shirt as read at version 7: its ETag is "7". */
	private static final VersionedProduct TSHIRT_AT_7 = new VersionedProduct(TSHIRT, 7);

	private static final DatabasePosition REPLICA = new DatabasePosition(true, Lsn.of("0/3000148"),
			Duration.ofMillis(12));

	private static final DatabasePosition PRIMARY = new DatabasePosition(false, null, Duration.ZERO);

	@Autowired
	MockMvcTester mvc;

	/** The controller's: a read's age is counted by it. */
	@Autowired
	Clock clock;

	@MockitoBean
	Catalog catalog;

	@MockitoBean
	CustomerActivityStream activity;

	@Test
	void aSignedInCustomersProductViewGoesOnTheActivityStreamUnderTheirName() {
		given(catalog.product("SC-TSHIRT-001", null)).willReturn(fromReplica(TSHIRT_AT_7));

		assertThat(mvc.get().uri("/api/catalog/products/SC-TSHIRT-001")).hasStatusOk();

		ArgumentCaptor<CustomerActivity> recorded = ArgumentCaptor.forClass(CustomerActivity.class);
		then(activity).should().record(recorded.capture());
		assertThat(recorded.getValue()).isInstanceOfSatisfying(ProductViewed.class, view -> {
			assertThat(view.customerId()).isEqualTo("alice");
			assertThat(view.sku()).isEqualTo("SC-TSHIRT-001");
		});
	}

	@Test
	@WithMockUser(username = "checkout-service", roles = "SERVICE")
	void aServicePricingAnOrderOrAnUnknownProductIsNoProductView() {
		given(catalog.product("SC-TSHIRT-001", null)).willReturn(fromReplica(TSHIRT_AT_7));
		given(catalog.product("SC-NOPE-999", null))
			.willThrow(new ProductNotFoundException("SC-NOPE-999", fromReplica(null)));

		assertThat(mvc.get().uri("/api/catalog/products/SC-TSHIRT-001")).hasStatusOk();
		assertThat(mvc.get().uri("/api/catalog/products/SC-NOPE-999")).hasStatus(HttpStatus.NOT_FOUND);

		then(activity).shouldHaveNoInteractions();
	}

	@Test
	void productBySku() {
		given(catalog.product("SC-TSHIRT-001", null)).willReturn(fromReplica(TSHIRT_AT_7));

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
	void aProductsETagIsTheVersionItWasReadAtFreshOrCached() {
		given(catalog.product("SC-TSHIRT-001", null)).willReturn(fromReplica(TSHIRT_AT_7));
		given(catalog.product("SC-HOODIE-003", null)).willReturn(new CatalogRead<>(
				new VersionedProduct(TSHIRT, 12), REPLICA, clock.instant().minusSeconds(4)));

		assertThat(mvc.get().uri("/api/catalog/products/SC-TSHIRT-001")).hasStatusOk().hasHeader("ETag", "\"7\"");
		// From the cache, the version of what the entry shows, not of the row now.
		assertThat(mvc.get().uri("/api/catalog/products/SC-HOODIE-003")).hasStatusOk()
			.hasHeader("Age", "4")
			.hasHeader("ETag", "\"12\"");
	}

	@Test
	void aLookupWithTheETagItWouldAnswerIsNotModified() {
		given(catalog.product("SC-TSHIRT-001", null)).willReturn(fromReplica(TSHIRT_AT_7));

		assertThat(mvc.get().uri("/api/catalog/products/SC-TSHIRT-001").header("If-None-Match", "\"7\""))
			.hasStatus(HttpStatus.NOT_MODIFIED)
			.hasHeader("ETag", "\"7\"");
		assertThat(mvc.get().uri("/api/catalog/products/SC-TSHIRT-001").header("If-None-Match", "\"6\""))
			.hasStatusOk();
	}

	@Test
	void aSearchHasNoETagItsPageHoldsManyProducts() {
		given(catalog.search("shirt", 0, 20, null))
			.willReturn(fromReplica(new ProductPage(List.of(TSHIRT), 0, 20, 1, 1)));

		assertThat(mvc.get().uri("/api/catalog/products?q=shirt")).hasStatusOk().doesNotContainHeader("ETag");
	}

	@Test
	void priceIsAJsonNumberWithItsCents() {
		given(catalog.product("SC-HOODIE-003", null)).willReturn(fromReplica(new VersionedProduct(new ProductView(
				"SC-HOODIE-003", "SecureCart hoodie", "Heavyweight hoodie", new BigDecimal("49.00"), "USD", 50), 3)));

		assertThat(mvc.get().uri("/api/catalog/products/SC-HOODIE-003")).hasStatusOk()
			.bodyText()
			.contains("\"price\":49.00");
	}

	@Test
	void unknownSkuIsA404Problem() {
		given(catalog.product("SC-NOPE-999", null))
			.willThrow(new ProductNotFoundException("SC-NOPE-999", fromReplica(null)));

		assertThat(mvc.get().uri("/api/catalog/products/SC-NOPE-999")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"status":404,"title":"Product not found","detail":"No product has SKU 'SC-NOPE-999'",
					 "instance":"/api/catalog/products/SC-NOPE-999","sku":"SC-NOPE-999"}
					""");
		// A lagging replica may not have a new product yet: the 404 says where it looked.
		assertThat(mvc.get().uri("/api/catalog/products/SC-NOPE-999")).hasHeader("X-Data-Source", "replica")
			.hasHeader("X-Replica-Lag-Ms", "12");
	}

	@Test
	void searchReturnsAPageOfProducts() {
		given(catalog.search("shirt", 0, 20, null))
			.willReturn(fromReplica(new ProductPage(List.of(TSHIRT), 0, 20, 1, 1)));

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
		given(catalog.search(null, 0, 20, null))
			.willReturn(fromReplica(new ProductPage(List.of(), 0, 20, 0, 0)));

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
					{"type":"https://securecart.example/problems/validation","status":400,
					 "errors":[{"field":"size","message":"must be less than or equal to 100"}]}
					""");
		then(catalog).should(never()).search(any(), anyInt(), anyInt(), any());
	}

	@Test
	void negativePageAndZeroSizeAreBothReported() {
		assertThat(mvc.get().uri("/api/catalog/products?page=-1&size=0")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"status":400,
					 "detail":"Invalid request: page must be greater than or equal to 0; size must be greater than or equal to 1"}
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
		then(catalog).should(never()).search(any(), anyInt(), anyInt(), any());
	}

	@Test
	void overlongSearchTextIsA400Problem() {
		assertThat(mvc.get().uri("/api/catalog/products?q=" + "x".repeat(101))).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"status":400,"errors":[{"field":"q","message":"size must be between 0 and 100"}]}
					""");
	}

	@Test
	void everyAnswerSaysWhichServerItCameFromAndHowFarBehindItWas() {
		given(catalog.product("SC-TSHIRT-001", null)).willReturn(fromReplica(TSHIRT_AT_7));
		given(catalog.search("shirt", 0, 20, null))
			.willReturn(new CatalogRead<>(new ProductPage(List.of(TSHIRT), 0, 20, 1, 1), PRIMARY, clock.instant()));

		assertThat(mvc.get().uri("/api/catalog/products/SC-TSHIRT-001")).hasHeader("X-Data-Source", "replica")
			.hasHeader("X-Replica-Lag-Ms", "12")
			.hasHeader("Age", "0");
		assertThat(mvc.get().uri("/api/catalog/products?q=shirt")).hasHeader("X-Data-Source", "primary")
			.doesNotContainHeader("X-Replica-Lag-Ms");
	}

	@Test
	void aCachedAnswerSaysHowOldItIs() {
		given(catalog.product("SC-TSHIRT-001", null))
			.willReturn(new CatalogRead<>(TSHIRT_AT_7, REPLICA, clock.instant().minusSeconds(3)));

		assertThat(mvc.get().uri("/api/catalog/products/SC-TSHIRT-001")).hasHeader("Age", "3")
			.hasHeader("X-Data-Source", "replica");
	}

	@Test
	void passesTheConsistencyTokenOnToTheCatalog() {
		given(catalog.product("SC-TSHIRT-001", Lsn.of("16/B374D848")))
			.willReturn(new CatalogRead<>(TSHIRT_AT_7, PRIMARY, clock.instant()));
		given(catalog.search(null, 0, 20, Lsn.of("0/10")))
			.willReturn(new CatalogRead<>(new ProductPage(List.of(), 0, 20, 0, 0), PRIMARY, clock.instant()));

		assertThat(mvc.get().uri("/api/catalog/products/SC-TSHIRT-001").header("Consistency-Token", "16/B374D848"))
			.hasStatusOk()
			.hasHeader("X-Data-Source", "primary");
		assertThat(mvc.get().uri("/api/catalog/products").header("Consistency-Token", "0/10")).hasStatusOk();
	}

	@Test
	void aMalformedConsistencyTokenIsA400Problem() {
		assertThat(mvc.get().uri("/api/catalog/products/SC-TSHIRT-001").header("Consistency-Token", "yesterday"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("Consistency-Token");
		then(catalog).should(never()).product(any(), any());
	}

	private <T> CatalogRead<T> fromReplica(T value) {
		return new CatalogRead<>(value, REPLICA, clock.instant());
	}
}
