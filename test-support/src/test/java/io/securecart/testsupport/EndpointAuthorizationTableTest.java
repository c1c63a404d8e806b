package io.securecart.testsupport;

import java.util.Map;
import java.util.function.Function;

import io.securecart.testsupport.EndpointAuthorizationTable.Answer;
import io.securecart.testsupport.EndpointAuthorizationTable.Caller;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.http.HttpMethod.GET;

/**
 * A row's {@code emptyListFor}: a list endpoint that shows another customer's order as anything but nothing fails
 * the table, whether it lists the records or answers 404 (either tells the order exists). The service is a fake
 * that answers by the token's subject; it maps no endpoint, so the rows are {@code also} rows.
 */
class EndpointAuthorizationTableTest {

	private static final String ALICES_PAYMENT = "[{\"customerId\": \"alice\", \"amount\": 10.00}]";

	@Test
	void aListThatLeavesOutWhatIsNotTheCallersPasses() {
		EndpointAuthorizationTable table = table(subject -> "bob".equals(subject) ? new Answer(200, "[ ]")
				: new Answer(200, ALICES_PAYMENT));
		row(table);

		assertThatCode(table::verify).doesNotThrowAnyException();
	}

	@Test
	void aListThatShowsAnotherCustomerSomethingFailsForThemAlone() {
		EndpointAuthorizationTable table = table(subject -> new Answer(200, ALICES_PAYMENT));
		row(table);

		assertThatThrownBy(table::verify).isInstanceOf(AssertionError.class)
			.hasMessageContaining("as OTHER_CUSTOMER (payments of alice's order): the body")
			.hasMessageNotContaining("as OWNER")
			.hasMessageNotContaining("as ADMIN");
	}

	@Test
	void aNotFoundForAnotherCustomersOrderFailsOnItsStatusAndItsBody() {
		EndpointAuthorizationTable table = table(subject -> "bob".equals(subject)
				? new Answer(404, "{\"status\": 404, \"detail\": \"Payment of order not found\"}")
				: new Answer(200, ALICES_PAYMENT));
		row(table);

		assertThatThrownBy(table::verify).isInstanceOf(AssertionError.class)
			.hasMessageContaining("as OTHER_CUSTOMER (payments of alice's order)]")
			.hasMessageContaining("as OTHER_CUSTOMER (payments of alice's order): the body");
	}

	private static void row(EndpointAuthorizationTable table) {
		table.also("payments of alice's order")
			.request(GET, "/api/payments?orderId=1")
			.expect(200, 200, 200, 200, 200)
			.emptyListFor(Caller.OTHER_CUSTOMER);
	}

	/** The service answers each caller by its token's subject (null when anonymous). */
	private static EndpointAuthorizationTable table(Function<String, Answer> service) {
		EndpointAuthorizationTable.Exchange exchange = (method, uri, headers, body) -> service
			.apply(subject(headers));
		return new EndpointAuthorizationTable(exchange, new RequestMappingHandlerMapping(), "alice", "bob",
				"checkout-service");
	}

	private static String subject(Map<String, String> headers) {
		String authorization = headers.get(HttpHeaders.AUTHORIZATION);
		return authorization == null ? null : TestTokens.shared().verify(authorization).getSubject();
	}
}
