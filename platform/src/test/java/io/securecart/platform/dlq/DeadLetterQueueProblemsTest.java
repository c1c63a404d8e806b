package io.securecart.platform.dlq;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.securecart.platform.audit.AuditTrail;
import io.securecart.platform.messaging.MessagingDestinations;
import io.securecart.platform.messaging.MessagingProperties;
import io.securecart.platform.problem.ProblemDetailsAutoConfiguration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * What an operator's DLQ request answers when the broker cannot serve it now: 503 with {@code Retry-After}, the
 * platform's problem type, through the real controller and problem handler (security is {@code SecurityRulesIT}'s).
 */
class DeadLetterQueueProblemsTest {

	private final SqsAsyncClient sqs = mock();

	private final MessagingDestinations destinations = mock();

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(
				org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration.class,
				org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration.class,
				org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration.class,
				org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration.class,
				ProblemDetailsAutoConfiguration.class))
		.withBean(DeadLetterQueueController.class,
				() -> new DeadLetterQueueController(new DeadLetterQueues(sqs, mock(SnsClient.class), destinations,
						new MessagingProperties(List.of(), List.of("checkout-order-events"), List.of(), List.of(),
								List.of(), Duration.ofSeconds(30)),
						DeadLetterQueues.RedriveMethod.AUTO, Duration.ofSeconds(5)), mock(AuditTrail.class)));

	@Test
	void aThrottledListIsA503WithRetryAfterNotAnInternalError() {
		given(destinations.queueUrl(any())).willReturn("url/checkout-order-events");
		Throwable throttled = SqsException.builder()
			.statusCode(400)
			.awsErrorDetails(AwsErrorDetails.builder().errorCode("RequestThrottled").build())
			.build();
		given(sqs.getQueueAttributes(any(Consumer.class))).willReturn(CompletableFuture.failedFuture(throttled));

		runner.run(context -> assertThat(MockMvcTester.from(context)
			.get()
			.uri("/api/admin/dlq"))
			.hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader(HttpHeaders.RETRY_AFTER, "5")
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type":"https://securecart.example/problems/broker-unavailable",
					 "title":"Message broker unavailable","status":503,
					 "instance":"/api/admin/dlq"}
					"""));
	}
}
