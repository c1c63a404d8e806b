package io.securecart.inventory.stock;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.securecart.contracts.MessagingNames;
import io.securecart.stockalerts.StockLevelChanges;
import software.amazon.awssdk.services.sqs.model.Message;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * The local event source of the stock-alerts function: each message of {@code stock-level-changes} becomes the SQS
 * record a Lambda would receive, in a one-record SQS event, and goes through the same function. A record the function
 * reports as failed fails this listener, so SQS delivers it again and, after five receives, dead-letters it, as the
 * Lambda's event source mapping does on AWS. Off where the Lambda consumes the queue
 * ({@code securecart.stock-alerts.local-event-source=false}).
 */
@Component
@ConditionalOnProperty(name = "securecart.stock-alerts.local-event-source", havingValue = "true",
		matchIfMissing = true)
class StockLevelChangesFunctionListener {

	private final StockLevelChanges function;

	StockLevelChangesFunctionListener(StockLevelChanges function) {
		this.function = function;
	}

	@SqsListener(value = MessagingNames.STOCK_LEVEL_CHANGES_QUEUE, id = "stock-level-changes-function")
	void on(@Header(SqsHeaders.SQS_SOURCE_DATA_HEADER) Message message) {
		SQSBatchResponse answer = function.apply(eventOf(message));
		if (!answer.getBatchItemFailures().isEmpty()) {
			throw new IllegalStateException("The stock-alerts function failed message " + message.messageId()
					+ "; SQS delivers it again");
		}
	}

	/** The record as Lambda's SQS event source writes it, for what the function reads and logs. */
	static SQSEvent eventOf(Message message) {
		SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
		record.setMessageId(message.messageId());
		record.setReceiptHandle(message.receiptHandle());
		record.setBody(message.body());
		record.setMd5OfBody(message.md5OfBody());
		record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
		record.setAttributes(new HashMap<>(message.attributesAsStrings()));
		Map<String, SQSEvent.MessageAttribute> attributes = new HashMap<>();
		message.messageAttributes().forEach((name, value) -> {
			SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
			attribute.setDataType(value.dataType());
			attribute.setStringValue(value.stringValue());
			attributes.put(name, attribute);
		});
		record.setMessageAttributes(attributes);
		record.setEventSource("aws:sqs");
		SQSEvent event = new SQSEvent();
		event.setRecords(List.of(record));
		return event;
	}
}
