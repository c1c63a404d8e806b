package io.securecart.stockalerts;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.amazonaws.services.lambda.runtime.Context;
import io.securecart.contracts.events.StockLevelChanged;
import io.securecart.contracts.events.StockLevelChanged.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The function as Lambda runs it: Spring Cloud Function's {@link FunctionInvoker} (the Lambda's handler) is given the
 * SQS event document a Lambda receives from its SQS event source, byte for byte, and answers the partial batch
 * response. Only the publisher is the test's: it records instead of calling SNS.
 */
class StockLevelChangesLambdaTest {

	private static final List<StockLevelChanged> PUBLISHED = new CopyOnWriteArrayList<>();

	/** The timeout each publish was given. */
	private static final List<Duration> TIMEOUTS = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void lambdaEnvironment() {
		// What the Lambda's environment sets (infra/cdk): the context to start and the function to invoke.
		System.setProperty("MAIN_CLASS", FunctionContext.class.getName());
		System.setProperty("spring.cloud.function.definition", StockAlertsFunctionConfiguration.FUNCTION);
	}

	@BeforeEach
	void nothingPublishedYet() {
		PUBLISHED.clear();
		TIMEOUTS.clear();
	}

	@AfterAll
	static void clearEnvironment() {
		System.clearProperty("MAIN_CLASS");
		System.clearProperty("spring.cloud.function.definition");
	}

	@Test
	void announcesEachCrossingOfTheBatchAndReportsOnlyTheRecordThatFailed() throws Exception {
		ByteArrayOutputStream answer = new ByteArrayOutputStream();
		try (InputStream event = getClass().getResourceAsStream("/sqs-event-stock-level-changes.json")) {
			new FunctionInvoker().handleRequest(event, answer, null);
		}

		assertThat(PUBLISHED).extracting(StockLevelChanged::sku, StockLevelChanged::previous,
				StockLevelChanged::current, StockLevelChanged::available)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("SKU-LAMP", Level.IN_STOCK, Level.LOW, 5),
					org.assertj.core.groups.Tuple.tuple("SKU-MUG", Level.OUT_OF_STOCK, Level.IN_STOCK, 12));
		assertThat(PUBLISHED.get(1).backInStock()).isTrue();
		assertThat(PUBLISHED.get(1).eventId()).isNotEqualTo(UUID.fromString("6f9619ff-8b86-d011-b42d-00c04fc96402"));
		JsonNode response = JsonMapper.builder().build().readTree(answer.toString(StandardCharsets.UTF_8));
		assertThat(response.path("batchItemFailures").valueStream()
			.map(failure -> failure.path("itemIdentifier").asString())).as(answer.toString(StandardCharsets.UTF_8))
			.containsExactly("0b0a3bf4-6f0c-4c11-9d59-0c7a1c1d0004");
	}

	/**
	 * The adapter hands the function Lambda's context: a cold start whose init was retried inside the invocation
	 * leaves it 4 s, and its two publishes share 3 s of them, not 19 s counted from when the batch arrived.
	 */
	@Test
	void thePublishesShareTheTimeLambdasContextSaysIsLeft() throws Exception {
		Context context = mock(Context.class);
		when(context.getRemainingTimeInMillis()).thenReturn(4_000);
		try (InputStream event = getClass().getResourceAsStream("/sqs-event-stock-level-changes.json")) {
			new FunctionInvoker().handleRequest(event, new ByteArrayOutputStream(), context);
		}

		assertThat(PUBLISHED).hasSize(2);
		assertThat(TIMEOUTS.getFirst()).as("half of 4 s less the answer's 1 s, less 0.2 s")
			.isLessThanOrEqualTo(Duration.ofMillis(1_300))
			.isGreaterThan(Duration.ofMillis(1_000));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(StockAlertsFunctionConfiguration.class)
	static class FunctionContext {

		@Bean
		StockLevelPublisher recordingPublisher() {
			return new StockLevelPublisher() {

				@Override
				public void publish(StockLevelChanged event) {
					PUBLISHED.add(event);
				}

				@Override
				public void publish(StockLevelChanged event, Duration timeout) {
					TIMEOUTS.add(timeout);
					publish(event);
				}
			};
		}
	}
}
