package io.securecart.stockalerts;

import java.time.Duration;
import java.util.Map;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.StockLevelChanged;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Publishes to the {@code stock-events} topic, with the {@code eventType} attribute its subscriptions filter on.
 *
 * <p>
 * Each publish is bounded by the timeout its batch's {@link PublishBudget} gives it, or {@link #CALL_TIMEOUT} when
 * called without one, the SDK's retries included (the conventions: an AWS call a listener waits for sets
 * {@code apiCallTimeout}). Without it, a stalled connection is closed by the transport only
 * after 30 s and then retried: the Lambda (20 s) would time out with its whole batch, every record of it delivered
 * again, where a publish that gave up fails only its own record (partial batch response), and inventory's listener
 * would hold its message as long.
 */
public class SnsStockLevelPublisher implements StockLevelPublisher {

	/** The function's timeout on Lambda ({@code StockAlertsFunction.TIMEOUT_SECONDS} in infra/cdk). */
	static final Duration LAMBDA_TIMEOUT = Duration.ofSeconds(20);

	/** Records per invocation ({@code StockAlertsFunction.BATCH_SIZE} in infra/cdk). */
	static final int BATCH_SIZE = 10;

	/** Left of each record's share of the timeout for decoding, logging and the batch's answer. */
	static final Duration MARGIN = Duration.ofMillis(500);

	/**
	 * Each record's share of the Lambda's timeout, less a margin: 1.5 s, for a publish made without a budget. A
	 * batch's records are published one after another, so with SNS stalled every one of them may use it all, and the
	 * batch must still answer in time. 5 s each timed a batch out after its fourth record. {@link StockLevelChanges}
	 * gives each publish its share of what its batch has left instead ({@link PublishBudget}).
	 */
	public static final Duration CALL_TIMEOUT = LAMBDA_TIMEOUT.dividedBy(BATCH_SIZE).minus(MARGIN);

	private final SnsClient sns;

	private final String topicArn;

	private final OrderEventCodec codec;

	public SnsStockLevelPublisher(SnsClient sns, String topicArn, OrderEventCodec codec) {
		this.sns = sns;
		this.topicArn = topicArn;
		this.codec = codec;
	}

	@Override
	public void publish(StockLevelChanged event) {
		publish(event, CALL_TIMEOUT);
	}

	@Override
	public void publish(StockLevelChanged event, Duration timeout) {
		sns.publish(PublishRequest.builder()
			.topicArn(topicArn)
			.message(codec.encode(event))
			.messageAttributes(Map.of(MessagingNames.EVENT_TYPE_ATTRIBUTE,
					MessageAttributeValue.builder().dataType("String").stringValue(event.eventType()).build()))
			.overrideConfiguration(call -> call.apiCallTimeout(timeout))
			.build());
	}
}
