package io.securecart.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.securecart.e2e.HttpExamples.Header;
import io.securecart.e2e.HttpExamples.Request;
import io.securecart.testsupport.RepositoryRoot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

class HttpExamplesTest {

	private static final String FILE = """
			# A comment, then the variables.
			@token = paste-the-output-of-securecart-token-alice
			@checkout = http://localhost:8080

			### Place one: answers 202
			POST {{checkout}}/api/orders
			Authorization: Bearer {{token}}
			Content-Type: application/json

			{"items": [{"sku": "SC-MUG-002", "quantity": 1}],
			 "paymentToken": "tok_visa"}

			### Unknown order: 404 application/problem+json
			GET {{checkout}}/api/orders/00000000-0000-0000-0000-000000000000 HTTP/1.1
			Authorization: Bearer {{token}}

			### Bad request: not JSON (400)
			POST {{checkout}}/api/orders
			Content-Type: application/json

			{"items": [
			""";

	@Test
	void readsTheVariablesAndEachRequestWithItsHeadersAndBody() {
		HttpExamples examples = HttpExamples.parse("orders.http", FILE);

		assertThat(examples.variables()).containsOnly(
				entry("token", "paste-the-output-of-securecart-token-alice"),
				entry("checkout", "http://localhost:8080"));
		assertThat(examples.requests()).extracting(Request::title, Request::method, Request::url)
			.containsExactly(
					tuple("Place one: answers 202", "POST", "{{checkout}}/api/orders"),
					tuple("Unknown order: 404 application/problem+json", "GET",
							"{{checkout}}/api/orders/00000000-0000-0000-0000-000000000000"),
					tuple("Bad request: not JSON (400)", "POST",
							"{{checkout}}/api/orders"));
		Request placed = examples.requests().get(0);
		assertThat(placed.headers()).containsExactly(new Header("Authorization", "Bearer {{token}}"),
				new Header("Content-Type", "application/json"));
		assertThat(placed.body()).contains("""
				{"items": [{"sku": "SC-MUG-002", "quantity": 1}],
				 "paymentToken": "tok_visa"}""");
		assertThat(examples.requests().get(1).body()).isEmpty();
		assertThat(examples.requests().get(2).body()).contains("{\"items\": [");
	}

	@Test
	void theTitleSaysWhichStatusAnExampleAnswersWhenItIsNotASuccess() {
		List<Request> requests = HttpExamples.parse("orders.http", FILE).requests();

		assertThat(requests.get(0).expectedStatus()).as("a status the title does not mark as the answer").isEmpty();
		assertThat(requests.get(1).expectedStatus()).hasValue(404);
		assertThat(requests.get(2).expectedStatus()).hasValue(400);
	}

	@Test
	void everyExampleInTheRepositoryReadsAndCarriesATokenUnlessItShowsTheAnswerToNone() throws IOException {
		List<HttpExamples> files;
		try (Stream<Path> paths = Files.list(RepositoryRoot.find().resolve("http"))) {
			files = paths.filter(path -> path.toString().endsWith(".http")).map(HttpExamples::read).toList();
		}

		assertThat(files).isNotEmpty().allSatisfy(file -> assertThat(file.requests()).isNotEmpty());
		assertThat(files.stream().flatMap(file -> file.requests().stream()))
			.filteredOn(request -> request.expectedStatus().orElse(200) != 401)
			.allSatisfy(request -> assertThat(request.headers()).as(request.title())
				.anySatisfy(header -> assertThat(header.name()).isEqualTo("Authorization")));
	}

	@Test
	void aLineThatIsNeitherARequestNorAHeaderIsAnError() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HttpExamples.parse("bad.http", "### Broken\nfetch the order, please\n"))
			.withMessageContaining("not a request line");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HttpExamples.parse("bad.http", "### Broken\nGET /api/orders\nno colon here\n"))
			.withMessageContaining("not a header");
	}
}
