package io.securecart.inventory.stock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.AvailableStockChanged;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.StockLevelChanged;
import io.securecart.stockalerts.StockLevelChanges;
import io.securecart.stockalerts.StockLevels;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The local event source: an SQS message becomes the record Lambda would send, and a failed record fails it. */
class StockLevelChangesFunctionListenerTest {

	private final OrderEventCodec codec = OrderEventCodec.standalone();

	private final List<StockLevelChanged> published = new ArrayList<>();

	private final StockLevelChangesFunctionListener listener = new StockLevelChangesFunctionListener(
			new StockLevelChanges(new StockLevels(5), published::add, codec));

	@Test
	void turnsTheMessageIntoTheRecordLambdaWouldReceive() {
		Message message = message("AvailableStockChanged",
				codec.encode(new AvailableStockChanged(UUID.randomUUID(), "SC-MUG-002", 0, 7, Instant.now())));

		SQSEvent.SQSMessage record = StockLevelChangesFunctionListener.eventOf(message).getRecords().getFirst();

		assertThat(record.getMessageId()).isEqualTo(message.messageId());
		assertThat(record.getBody()).isEqualTo(message.body());
		assertThat(record.getEventSource()).isEqualTo("aws:sqs");
		assertThat(record.getAttributes()).containsEntry("ApproximateReceiveCount", "2");
		assertThat(record.getMessageAttributes().get(MessagingNames.EVENT_TYPE_ATTRIBUTE).getStringValue())
			.isEqualTo("AvailableStockChanged");
	}

	@Test
	void hasTheFunctionAnnounceACrossing() {
		listener.on(message("AvailableStockChanged",
				codec.encode(new AvailableStockChanged(UUID.randomUUID(), "SC-MUG-002", 0, 7, Instant.now()))));

		assertThat(published).singleElement().satisfies(back -> assertThat(back.backInStock()).isTrue());
	}

	@Test
	void failsForARecordTheFunctionReportsAsFailedSoSqsRedeliversAndDeadLettersIt() {
		assertThatIllegalStateException().isThrownBy(() -> listener.on(message("AvailableStockChanged", "{\"sku\":")));
		assertThatIllegalStateException().isThrownBy(() -> listener.on(message("OrderPlaced", "{}")));
		assertThat(published).isEmpty();
	}

	private static Message message(String eventType, String body) {
		return Message.builder()
			.messageId(UUID.randomUUID().toString())
			.receiptHandle("handle")
			.body(body)
			.attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2"))
			.messageAttributes(Map.of(MessagingNames.EVENT_TYPE_ATTRIBUTE,
					MessageAttributeValue.builder().dataType("String").stringValue(eventType).build()))
			.build();
	}
}
