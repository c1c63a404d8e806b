package io.securecart.payment.gateway;

import java.time.Duration;

import io.github.resilience4j.common.retry.configuration.CommonRetryConfigurationProperties.InstanceProperties;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryProperties;
import io.github.resilience4j.springboot.timelimiter.autoconfigure.TimeLimiterAutoConfiguration;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.securecart.contracts.MessagingNames;
import io.securecart.provisioner.Topology;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promise made in application.yml: deciding a payment, every retry and timeout included, takes well under the
 * visibility timeout of the queues that trigger gateway calls, so SQS never hands a message to a second consumer
 * while the first is still calling the gateway. Fails when someone raises a timeout, an attempt count or a wait
 * past that budget.
 */
@SpringBootTest(classes = GatewayTimeBudgetTest.Config.class)
class GatewayTimeBudgetTest {

	@Autowired
	private RetryProperties retryProperties;

	@Autowired
	private TimeLimiterRegistry timeLimiters;

	@ParameterizedTest
	@ValueSource(strings = { MessagingNames.ORDERS_QUEUE, MessagingNames.PAYMENT_QUEUE })
	void theWorstCaseGatewayTimeStaysUnderHalfTheVisibilityTimeout(String queue) {
		Duration visibilityTimeout = Duration
			.ofSeconds(Topology.declared().queue(queue).orElseThrow().visibilityTimeoutSeconds());

		assertThat(worstCaseGatewayTime()).isLessThan(visibilityTimeout.dividedBy(2));
	}

	/** Every attempt running into the timeout, and every wait between attempts at its longest (full jitter). */
	private Duration worstCaseGatewayTime() {
		InstanceProperties retry = retryProperties.getInstances().get(GatewayClient.PAYMENT_GATEWAY);
		Duration timeout = timeLimiters.timeLimiter(GatewayClient.PAYMENT_GATEWAY)
			.getTimeLimiterConfig()
			.getTimeoutDuration();
		int attempts = retry.getMaxAttempts();
		Duration worst = timeout.multipliedBy(attempts);
		for (int retryNumber = 1; retryNumber < attempts; retryNumber++) {
			double wait = retry.getWaitDuration().toMillis()
					* Math.pow(retry.getExponentialBackoffMultiplier(), retryNumber - 1)
					* (1 + retry.getRandomizedWaitFactor());
			worst = worst.plusMillis(Math.min((long) Math.ceil(wait), retry.getExponentialMaxWaitDuration().toMillis()));
		}
		return worst;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ RetryAutoConfiguration.class, TimeLimiterAutoConfiguration.class })
	static class Config {

	}
}
