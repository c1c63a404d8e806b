package io.securecart.inventory.catalog;

import org.junit.jupiter.api.BeforeEach;
import io.securecart.platform.audit.AuditTrail;
import java.util.function.Supplier;
import io.securecart.inventory.security.InventorySecurityConfiguration;
import java.math.BigDecimal;

import io.securecart.contracts.Money;
import io.securecart.inventory.datasource.Lsn;
import io.securecart.inventory.stock.StockBelowReservedException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.context.annotation.Import;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;

/** The back office's REST contract: what a stock count and a price change accept, answer and refuse. */
@WebMvcTest(CatalogAdminController.class)
@Import({ InventorySecurityConfiguration.class, CatalogProblems.class })
@WithMockUser(username = "ops", roles = "ADMIN")
class CatalogAdminControllerTest {

	private static final ProductView MUG = new ProductView("SC-MUG-002", "SecureCart mug", "Ceramic mug",
			new BigDecimal("12.50"), "USD", 117);

	/** What a stock count sends when the mug it read was at version 7. */
	private static final IfMatch AT_7 = IfMatch.of("SC-MUG-002", "\"7\"");

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	CatalogAdmin admin;

	/** Runs the action, as the real trail does; AuditTrailIT and the service's ITs check what it records. */
	@MockitoBean
	AuditTrail audit;

	@BeforeEach
	void auditRunsTheAction() {
		given(audit.record(any(), any(), any(), any())).willAnswer(call -> call.<Supplier<?>>getArgument(2).get());
	}

	@Test
	void aStockCountAgainstTheCurrentVersionAnswersTheProductWithItsNewETagAndAConsistencyToken() {
		given(admin.countStock("SC-MUG-002", 120, AT_7))
			.willReturn(new ProductChange(new VersionedProduct(MUG, 8), Lsn.of("0/3000148")));

		assertThat(countStock("SC-MUG-002", "\"7\"", """
				{"stockOnHand":120}
				""")).hasStatusOk()
			.hasHeader("ETag", "\"8\"")
			.hasHeader("Consistency-Token", "0/3000148")
			.hasHeader("X-Data-Source", "primary")
			.bodyJson()
			.isStrictlyEqualTo("""
					{"sku":"SC-MUG-002","name":"SecureCart mug","description":"Ceramic mug",
					 "price":12.50,"currency":"USD","availableStock":117}
					""");
	}

	@Test
	void aStockCountDoneWithoutAConsistencyTokenIsAnsweredDoneWithoutTheHeader() {
		given(admin.countStock("SC-MUG-002", 120, AT_7))
			.willReturn(new ProductChange(new VersionedProduct(MUG, 8), null));

		assertThat(countStock("SC-MUG-002", "\"7\"", """
				{"stockOnHand":120}
				""")).hasStatusOk().hasHeader("ETag", "\"8\"").doesNotContainHeader("Consistency-Token");
	}

	@Test
	void aStockCountAgainstAVersionTheProductHasLeftIsA412ProblemWithATokenToReadItAgain() {
		given(admin.countStock("SC-MUG-002", 120, AT_7))
			.willThrow(new ProductChangedException("SC-MUG-002", AT_7, Lsn.of("0/3000200")));

		assertThat(countStock("SC-MUG-002", "\"7\"", """
				{"stockOnHand":120}
				""")).hasStatus(HttpStatus.PRECONDITION_FAILED)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("Consistency-Token", "0/3000200")
			.doesNotContainHeader("ETag")
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type":"https://securecart.example/problems/precondition-failed","title":"Precondition failed",
					 "status":412,"instance":"/api/catalog/products/SC-MUG-002/stock","sku":"SC-MUG-002"}
					""");
	}

	@Test
	void aStockCountThatNamesNoVersionIsA428ProblemAndCountsNothing() {
		for (String ifMatch : new String[] { null, "", "*", "7", "\"7" }) {
			assertThat(countStock("SC-MUG-002", ifMatch, """
					{"stockOnHand":120}
					""")).as("If-Match: %s", ifMatch)
				.hasStatus(HttpStatus.PRECONDITION_REQUIRED)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.isLenientlyEqualTo("""
						{"type":"https://securecart.example/problems/precondition-required",
						 "title":"Precondition required","status":428,
						 "instance":"/api/catalog/products/SC-MUG-002/stock","sku":"SC-MUG-002"}
						""");
		}
		then(admin).should(never()).countStock(any(), anyInt(), any());
		then(audit).shouldHaveNoInteractions();
	}

	@Test
	void everyTagOfIfMatchGoesToTheCount() {
		IfMatch either = IfMatch.of("SC-MUG-002", "\"6\", W/\"7\", \"9\"");
		given(admin.countStock("SC-MUG-002", 5, either))
			.willReturn(new ProductChange(new VersionedProduct(MUG, 10), Lsn.of("0/3000148")));

		assertThat(countStock("SC-MUG-002", "\"6\", W/\"7\", \"9\"", """
				{"stockOnHand":5}
				""")).hasStatusOk().hasHeader("ETag", "\"10\"");
	}

	@Test
	void aPriceChangeKeepsTheCents() {
		given(admin.reprice("SC-MUG-002", Money.of("21.00"))).willReturn(new ProductChange(new VersionedProduct(
				new ProductView("SC-MUG-002", "SecureCart mug", "Ceramic mug", new BigDecimal("21.00"), "USD", 117),
				12), Lsn.of("0/3000200")));

		assertThat(put("/api/catalog/products/SC-MUG-002/price", """
				{"price":21.00,"currency":"USD"}
				""")).hasStatusOk()
			.hasHeader("Consistency-Token", "0/3000200")
			.hasHeader("ETag", "\"12\"")
			.bodyText()
			.contains("\"price\":21.00");
	}

	@Test
	void aStockCountBelowTheReservedStockIsA409Problem() {
		given(admin.countStock("SC-MUG-002", 2, AT_7)).willThrow(new StockBelowReservedException("SC-MUG-002", 2, 5));

		assertThat(put("/api/catalog/products/SC-MUG-002/stock", """
				{"stockOnHand":2}
				""")).hasStatus(HttpStatus.CONFLICT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"status":409,"title":"Stock below reserved","sku":"SC-MUG-002","stockOnHand":2,"reserved":5}
					""");
	}

	@Test
	void anUnknownProductIsA404Problem() {
		given(admin.countStock("SC-NOPE-999", 1, IfMatch.of("SC-NOPE-999", "\"7\"")))
			.willThrow(new ProductNotFoundException("SC-NOPE-999"));

		assertThat(put("/api/catalog/products/SC-NOPE-999/stock", """
				{"stockOnHand":1}
				""")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"status":404,"title":"Product not found","sku":"SC-NOPE-999"}
					""");
	}

	@Test
	void aNegativeOrMissingStockCountIsA400ProblemNamingTheField() {
		assertThat(put("/api/catalog/products/SC-MUG-002/stock", """
				{"stockOnHand":-1}
				""")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type":"https://securecart.example/problems/validation","title":"Invalid request","status":400,
					 "detail":"Invalid request: stockOnHand must be greater than or equal to 0",
					 "instance":"/api/catalog/products/SC-MUG-002/stock",
					 "errors":[{"field":"stockOnHand","message":"must be greater than or equal to 0"}]}
					""");
		assertThat(put("/api/catalog/products/SC-MUG-002/stock", "{}")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"errors":[{"field":"stockOnHand","message":"must not be null"}]}
					""");
		then(admin).should(never()).countStock(any(), anyInt(), any());
	}

	@Test
	void aFractionalStockCountOrAFieldTheRequestDoesNotHaveIsRefusedNotTruncatedOrIgnored() {
		assertThat(put("/api/catalog/products/SC-MUG-002/stock", "{\"stockOnHand\":1.5}"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type":"https://securecart.example/problems/unreadable-body","errors":[{"field":"stockOnHand"}]}
					""");
		assertThat(put("/api/catalog/products/SC-MUG-002/stock", "{\"stockOnHand\":1,\"reserved\":0}"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"errors":[{"field":"reserved","message":"is not a field of this request"}]}
					""");
		then(admin).should(never()).countStock(any(), anyInt(), any());
	}

	@Test
	void aPriceMustBePositiveWithAtMostTwoDecimalsAndACurrencyCode() {
		assertThat(put("/api/catalog/products/SC-MUG-002/price", """
				{"price":0,"currency":"USD"}
				""")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"errors":[{"field":"price","message":"must be greater than 0"}]}
					""");
		assertThat(put("/api/catalog/products/SC-MUG-002/price", """
				{"price":21.001,"currency":"usd"}
				""")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"status":400,"errors":[{"field":"currency"},{"field":"price"}]}
					""");
		// Every rejected field, sorted, each with its reason.
		assertThat(put("/api/catalog/products/SC-MUG-002/price", """
				{"price":21.001,"currency":"usd"}
				""")).bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("Invalid request: currency must be an ISO 4217 code such as USD; "
					+ "price numeric value out of bounds (<10 digits>.<2 digits> expected)");
		then(admin).should(never()).reprice(any(), any());
	}

	@Test
	void aBodyThatIsNotJsonIsA400Problem() {
		assertThat(put("/api/catalog/products/SC-MUG-002/price", "twenty-one dollars"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		then(admin).should(never()).reprice(any(), any());
	}

	/** A stock count of {@code sku} with this {@code If-Match}, or none. */
	private MockMvcTester.MockMvcRequestBuilder countStock(String sku, @Nullable String ifMatch, String json) {
		MockMvcTester.MockMvcRequestBuilder request = mvc.put()
			.uri("/api/catalog/products/{sku}/stock", sku)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json);
		return ifMatch == null ? request : request.header(HttpHeaders.IF_MATCH, ifMatch);
	}

	/** A stock count names the version it was counted against, here "7", as the back office's would. */
	private MockMvcTester.MockMvcRequestBuilder put(String uri, String json) {
		if (uri.endsWith("/stock")) {
			return mvc.put().uri(uri).contentType(MediaType.APPLICATION_JSON).content(json)
				.header(HttpHeaders.IF_MATCH, "\"7\"");
		}
		return mvc.put().uri(uri).contentType(MediaType.APPLICATION_JSON).content(json);
	}
}
