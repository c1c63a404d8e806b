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
 * Each publish is bounded by {@link #CALL_TIMEOUT}, the SDK's retries included (the conventions: an AWS call a
 * listener waits for sets {@code apiCallTimeout}). Without it, a stalled connection is closed by the transport only
 * after 30 s and then retried: the Lambda (20 s) would time out with its whole batch, every record of it delivered
 * again, where a publish that gave up fails only its own record (partial batch response), and inventory's listener
 * would hold its message as long.
 */
public class SnsStockLevelPublisher implements StockLevelPublisher {

	/** Well under the Lambda's 20-s timeout, so a batch has room for a slow publish and its own answer. */
	public static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

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
		sns.publish(PublishRequest.builder()
			.topicArn(topicArn)
			.message(codec.encode(event))
			.messageAttributes(Map.of(MessagingNames.EVENT_TYPE_ATTRIBUTE,
					MessageAttributeValue.builder().dataType("String").stringValue(event.eventType()).build()))
			.overrideConfiguration(call -> call.apiCallTimeout(CALL_TIMEOUT))
			.build());
	}
}
