package io.securecart.checkout.payment;

import java.util.Map;

import io.securecart.checkout.order.PaymentPort;
import io.securecart.platform.outbox.Outbox;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/** {@code securecart.checkout.payment-mode} picks the {@link PaymentPort}; decoupled unless told otherwise. */
class PaymentConfigurationTest {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(PaymentConfiguration.class)
		.withBean(Outbox.class, () -> mock(Outbox.class))
		.withBean(RestClient.Builder.class, RestClient::builder);

	@Test
	void isDecoupledByDefault() {
		context.run(app -> assertThat(app).getBean(PaymentPort.class).isInstanceOf(DecoupledPayment.class));
	}

	@Test
	void isCoupledWhenConfiguredSo() {
		context.withPropertyValues("securecart.checkout.payment-mode=coupled")
			.run(app -> assertThat(app).getBean(PaymentPort.class).isInstanceOf(CoupledPayment.class));
	}

	@Test
	void isCoupledWhenTheEnvironmentSaysSo() {
		context
			.withInitializer(app -> app.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("environment",
						Map.of("SECURECART_CHECKOUT_PAYMENT_MODE", "coupled"))))
			.run(app -> assertThat(app).getBean(PaymentPort.class).isInstanceOf(CoupledPayment.class));
	}

	@Test
	void refusesToStartWithAModeItDoesNotKnow() {
		context.withPropertyValues("securecart.checkout.payment-mode=sometimes")
			.run(app -> assertThat(app).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("sometimes"));
	}
}
