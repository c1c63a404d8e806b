package io.securecart.stockalerts;

import java.util.Map;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.StockLevelChanged;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/** Publishes to the {@code stock-events} topic, with the {@code eventType} attribute its subscriptions filter on. */
public class SnsStockLevelPublisher implements StockLevelPublisher {

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
		sns.publish(request -> request.topicArn(topicArn)
			.message(codec.encode(event))
			.messageAttributes(Map.of(MessagingNames.EVENT_TYPE_ATTRIBUTE,
					MessageAttributeValue.builder().dataType("String").stringValue(event.eventType()).build())));
	}
}
