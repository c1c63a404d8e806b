package io.securecart.inventory;

import io.securecart.testsupport.ServiceNamingConventions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Feature packages, application services and listeners named as docs/service-conventions.md says. */
class NamingConventionsTest {

	@Test
	void namesFollowTheServiceConventions() {
		assertThat(ServiceNamingConventions.violations("inventory")).isEmpty();
	}

}
