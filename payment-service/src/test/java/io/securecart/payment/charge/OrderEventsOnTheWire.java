package io.securecart.payment.charge;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.testsupport.TestInfrastructure;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What reached a queue downstream of the {@code order-events} topic, as the service subscribed to it would see it.
 * It receives and deletes the queue's messages and keeps them, so that tests can ask for the events about their own
 * order however many other tests published before. (Peeking without deleting would not do: a queue answers with its
 * oldest messages only, and each peek counts as a receive, so after {@code maxReceiveCount} peeks SQS moves the
 * message to the dead-letter queue.) Only for a queue no service of the test JVM consumes.
 */
final class OrderEventsOnTheWire implements AutoCloseable {

	private final SqsClient sqs;

	private final String queueUrl;

	private final OrderEventCodec codec = OrderEventCodec.standalone();

	private final List<OrderEvent> received = new CopyOnWriteArrayList<>();

	OrderEventsOnTheWire(TestInfrastructure infrastructure, String queue) {
		this.sqs = infrastructure.sqsClient();
		this.queueUrl = sqs.getQueueUrl(request -> request.queueName(queue)).queueUrl();
	}

	/** Every event about {@code orderId} received so far, in the order of arrival. */
	List<OrderEvent> about(UUID orderId) {
		receiveAll();
		return received.stream().filter(event -> event.orderId().equals(orderId)).toList();
	}

	<T extends OrderEvent> List<T> about(UUID orderId, Class<T> type) {
		return about(orderId).stream().filter(type::isInstance).map(type::cast).toList();
	}

	private void receiveAll() {
		List<Message> messages;
		do {
			messages = sqs
				.receiveMessage(request -> request.queueUrl(queueUrl)
					.maxNumberOfMessages(10)
					.waitTimeSeconds(0)
					.messageAttributeNames(MessagingNames.EVENT_TYPE_ATTRIBUTE))
				.messages();
			for (Message message : messages) {
				String eventType = message.messageAttributes().get(MessagingNames.EVENT_TYPE_ATTRIBUTE).stringValue();
				received.add(codec.decode(eventType, message.body()));
				sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
			}
		}
		while (!messages.isEmpty());
	}

	@Override
	public void close() {
		sqs.close();
	}
}
