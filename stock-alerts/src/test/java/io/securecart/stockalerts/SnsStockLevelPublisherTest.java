package io.securecart.stockalerts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.AvailableStockChanged;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.StockLevelChanged;
import io.securecart.contracts.events.StockLevelChanged.Level;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

/** What a publish to the stock-events topic sends, and how long it may take. */
class SnsStockLevelPublisherTest {

	@Test
	void aPublishIsBoundedWellWithinTheLambdasTimeoutAndCarriesTheEventType() {
		// The interface's conveniences (a publish built from a consumer) run as they would; the call itself is stubbed.
		SnsClient sns = mock(SnsClient.class, withSettings().defaultAnswer(CALLS_REAL_METHODS));
		doReturn(PublishResponse.builder().messageId("1").build()).when(sns).publish(any(PublishRequest.class));
		StockLevelChanged event = stockLevelChanged();

		new SnsStockLevelPublisher(sns, "arn:aws:sns:us-east-1:000000000000:stock-events",
				OrderEventCodec.standalone())
			.publish(event);

		ArgumentCaptor<PublishRequest> sent = ArgumentCaptor.forClass(PublishRequest.class);
		then(sns).should().publish(sent.capture());
		assertThat(sent.getValue().topicArn()).isEqualTo("arn:aws:sns:us-east-1:000000000000:stock-events");
		assertThat(sent.getValue().messageAttributes().get(MessagingNames.EVENT_TYPE_ATTRIBUTE).stringValue())
			.isEqualTo(event.eventType());
		assertThat(sent.getValue().overrideConfiguration().flatMap(AwsRequestOverrideConfiguration::apiCallTimeout))
			.hasValueSatisfying(timeout -> assertThat(timeout).isPositive().isLessThan(Duration.ofSeconds(20)));
	}

	/**
	 * A batch's records are published one after another: with SNS stalled, each may take the whole call timeout, and
	 * the batch must still answer within the Lambda's timeout. The declared values are infra/cdk's. (A batch's
	 * budgeted publishes: {@code PublishBudgetTest}, which checks the budget against these same values.)
	 */
	@Test
	void aWholeBatchOfStalledPublishesFitsInTheLambdasTimeout() throws IOException {
		String function = Files.readString(
				Path.of("..", "infra", "cdk", "src", "main", "java", "io", "securecart", "cdk", "functions",
						"StockAlertsFunction.java"));
		Duration lambdaTimeout = Duration.ofSeconds(declared(function, "TIMEOUT_SECONDS"));
		int batchSize = declared(function, "BATCH_SIZE");
		assertThat(SnsStockLevelPublisher.LAMBDA_TIMEOUT).as("as infra/cdk declares it").isEqualTo(lambdaTimeout);
		assertThat(SnsStockLevelPublisher.BATCH_SIZE).as("as infra/cdk declares it").isEqualTo(batchSize);

		assertThat(SnsStockLevelPublisher.CALL_TIMEOUT.multipliedBy(batchSize))
			.isLessThanOrEqualTo(lambdaTimeout.minus(SnsStockLevelPublisher.MARGIN.multipliedBy(batchSize)));
		assertThat(SnsStockLevelPublisher.CALL_TIMEOUT).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
	}

	/**
	 * A cold function's first publish (the SDK's first request, a TLS handshake) may take more than a tenth of the
	 * timeout: the only crossing of a batch is given more, within the ceiling, since nothing else needs the time.
	 */
	@Test
	void theOnlyCrossingOfABatchMayTakeMoreThanATenthOfTheLambdasTimeout() {
		SnsClient sns = mock(SnsClient.class, withSettings().defaultAnswer(CALLS_REAL_METHODS));
		doReturn(PublishResponse.builder().messageId("1").build()).when(sns).publish(any(PublishRequest.class));
		StockLevelChanges function = new StockLevelChanges(new StockLevels(5),
				new SnsStockLevelPublisher(sns, "arn:aws:sns:us-east-1:000000000000:stock-events",
						OrderEventCodec.standalone()),
				OrderEventCodec.standalone());
		SQSEvent batch = new SQSEvent();
		batch.setRecords(List.of(record("1", 3, 0), record("2", 30, 31)));

		function.apply(batch);

		ArgumentCaptor<PublishRequest> sent = ArgumentCaptor.forClass(PublishRequest.class);
		then(sns).should().publish(sent.capture());
		assertThat(sent.getValue().overrideConfiguration().flatMap(AwsRequestOverrideConfiguration::apiCallTimeout))
			.hasValueSatisfying(timeout -> assertThat(timeout).isGreaterThan(SnsStockLevelPublisher.CALL_TIMEOUT)
				.isLessThanOrEqualTo(Duration.ofSeconds(5)));
	}

	/** A change of available stock from {@code before} to {@code after}, as the queue delivers it. */
	private static SQSEvent.SQSMessage record(String id, int before, int after) {
		AvailableStockChanged change = new AvailableStockChanged(UUID.randomUUID(), "SC-MUG-002", before, after,
				Instant.parse("2026-12-06T12:00:00Z"));
		SQSEvent.MessageAttribute eventType = new SQSEvent.MessageAttribute();
		eventType.setDataType("String");
		eventType.setStringValue(change.eventType());
		SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
		message.setMessageId(id);
		message.setBody(OrderEventCodec.standalone().encode(change));
		message.setMessageAttributes(Map.of(MessagingNames.EVENT_TYPE_ATTRIBUTE, eventType));
		return message;
	}

	private static int declared(String source, String constant) {
		Matcher matcher = Pattern.compile("static final int " + constant + " = (\\d+);").matcher(source);
		assertThat(matcher.find()).as("%s declared in StockAlertsFunction", constant).isTrue();
		return Integer.parseInt(matcher.group(1));
	}

	private static StockLevelChanged stockLevelChanged() {
		return new StockLevelChanged(UUID.randomUUID(), "SC-MUG-002", Level.OUT_OF_STOCK, Level.IN_STOCK, 12, 5,
				Instant.parse("2026-12-06T12:00:00Z"));
	}
}
