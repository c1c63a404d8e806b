package io.securecart.platform.outbox;

import java.util.Map;

import io.securecart.contracts.MessagingNames;
import io.securecart.platform.messaging.MessagingDestinations;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** Publishes outbox rows with the plain AWS SDK clients that Spring Cloud AWS configures. */
class AwsMessagePublisher implements MessagePublisher {

	private final SnsClient sns;

	private final SqsAsyncClient sqs;

	private final MessagingDestinations destinations;

	AwsMessagePublisher(SnsClient sns, SqsAsyncClient sqs, MessagingDestinations destinations) {
		this.sns = sns;
		this.sqs = sqs;
		this.destinations = destinations;
	}

	@Override
	public void publish(OutboxMessage message) {
		switch (message.kind()) {
			case TOPIC -> sns.publish(request -> request.topicArn(destinations.topicArn(message.destination()))
				.message(message.payload())
				.messageAttributes(Map.of(MessagingNames.EVENT_TYPE_ATTRIBUTE,
						software.amazon.awssdk.services.sns.model.MessageAttributeValue.builder()
							.dataType("String")
							.stringValue(message.eventType())
							.build())));
			case FIFO_QUEUE -> sqs.sendMessage(request -> request.queueUrl(destinations.queueUrl(message.destination()))
				.messageBody(message.payload())
				.messageGroupId(message.groupId())
				.messageDeduplicationId(message.dedupId())
				.messageAttributes(Map.of(MessagingNames.EVENT_TYPE_ATTRIBUTE,
						software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder()
							.dataType("String")
							.stringValue(message.eventType())
							.build())))
				.join();
		}
	}
}
