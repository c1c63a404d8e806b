package io.securecart.platform.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DeferredWorkTest {

	private static final String QUERY = "select 0 as pending, null::timestamptz as oldest";

	@Test
	void isNamedInLowerCaseWordsJoinedByHyphensAsItsAlarmsElementIs() {
		assertThat(new DeferredWork("owed-invoices", QUERY).name()).isEqualTo("owed-invoices");
		assertThatIllegalArgumentException().isThrownBy(() -> new DeferredWork("Owed Invoices", QUERY))
			.withMessageContaining("Owed Invoices");
		assertThatIllegalArgumentException().isThrownBy(() -> new DeferredWork("owed-invoices-", QUERY));
		assertThatIllegalArgumentException().isThrownBy(() -> new DeferredWork("owed-invoices", " "))
			.withMessageContaining("backlog query");
	}
}
