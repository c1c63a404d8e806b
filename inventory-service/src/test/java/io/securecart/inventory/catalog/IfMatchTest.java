package io.securecart.inventory.catalog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Which versions a stock count's If-Match names (RFC 9110, section 13.1.1), and which headers name none. */
class IfMatchTest {

	@Test
	void aStrongTagMatchesItsVersionOnly() {
		IfMatch ifMatch = IfMatch.of("SC-MUG-002", "\"7\"");

		assertThat(ifMatch.matches(7)).isTrue();
		assertThat(ifMatch.matches(8)).isFalse();
		assertThat(ifMatch.matches(6)).isFalse();
	}

	@Test
	void anyTagOfAListMatches() {
		IfMatch ifMatch = IfMatch.of("SC-MUG-002", "\"6\", \"9\"");

		assertThat(ifMatch.matches(6)).isTrue();
		assertThat(ifMatch.matches(9)).isTrue();
		assertThat(ifMatch.matches(7)).isFalse();
	}

	@Test
	void aWeakTagNeverMatchesIfMatchComparesStrongly() {
		assertThat(IfMatch.of("SC-MUG-002", "W/\"7\"").matches(7)).isFalse();
	}

	@Test
	void aTagThatIsNotAVersionMatchesNothing() {
		assertThat(IfMatch.of("SC-MUG-002", "\"seven\"").matches(7)).isFalse();
		assertThat(IfMatch.of("SC-MUG-002", "\"07\"").matches(7)).isFalse();
	}

	@Test
	void noHeaderABlankOneAWildcardOrOneWithoutAnEntityTagNamesNoVersion() {
		for (String header : new String[] { null, "", "  ", "*", "7", "\"7", "W/7" }) {
			assertThatExceptionOfType(PreconditionRequiredException.class).as("If-Match: %s", header)
				.isThrownBy(() -> IfMatch.of("SC-MUG-002", header))
				.satisfies(ex -> assertThat(ex.sku()).isEqualTo("SC-MUG-002"))
				.withMessageContaining("must name the version it was counted against");
		}
	}
}
