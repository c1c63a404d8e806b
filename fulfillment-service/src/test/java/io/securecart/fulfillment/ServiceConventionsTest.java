package io.securecart.fulfillment;

import io.securecart.testsupport.ServiceConventions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Feature packages, application services and listeners named as docs/service-conventions.md says. */
class ServiceConventionsTest {

	@Test
	void namesFollowTheServiceConventions() {
		assertThat(ServiceConventions.violations(FulfillmentApplication.class)).isEmpty();
	}

}
