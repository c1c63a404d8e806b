package io.securecart.payment.charge;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.securecart.testsupport.ServiceIntegrationTest;

import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

/**
 * payment-service's integration tests, all on one application context: a second context would keep its listeners
 * consuming from the same queues and steal the other tests' messages.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ServiceIntegrationTest(properties = {
		// Short enough for a test to watch the circuit open and close again.
		"resilience4j.circuitbreaker.instances.paymentGateway.wait-duration-in-open-state=2s",
		"resilience4j.retry.instances.paymentGateway.wait-duration=100ms",
		// Short enough for HighValueOrderIT to watch a review time out.
		"securecart.fraud.review-timeout=8s",
		// Short enough for PaymentsIT to watch the sweep record a charge whose recording failed.
		"securecart.payment.attempts.resolve-after=3s", "securecart.payment.attempts.sweep-interval=1s",
		// The HTTP authorisation of checkout's coupled mode is tested too.
		"securecart.payment.coupled-authorization.enabled=true" })
@AutoConfigureMockMvc
public @interface PaymentIntegrationTest {

}
