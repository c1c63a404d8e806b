package io.securecart.stockalerts;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.AvailableStockChanged;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.StockEvent;
import io.securecart.contracts.events.StockLevelChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.messaging.Message;

/**
 * The function: a batch of SQS records of {@link AvailableStockChanged}, as Lambda's SQS event source hands it over
 * (and inventory-service's listener, one record at a time, on the emulators), announces every level crossing.
 *
 * <p>
 * It answers which records failed (a partial batch response, {@code ReportBatchItemFailures}): SQS makes only those
 * visible again, and moves one that keeps failing to the queue's DLQ. A record that is not an
 * {@code AvailableStockChanged} fails too: never acknowledged and lost.
 *
 * <p>
 * The batch's crossings are found first, then published one after another, each within its share of the time the
 * invocation has left ({@link PublishBudget}): records that cross no level need no share.
 *
 * <p>
 * On Lambda it takes the event as a {@link Message}: Spring Cloud Function's AWS adapter puts Lambda's
 * {@code Context} in its {@value #AWS_CONTEXT} header, and the time the invocation really has left is the
 * context's, not a count from when the batch arrived ({@link PublishBudget}). A host without a Lambda context calls
 * {@link #apply(SQSEvent)}; inventory-service has no {@code aws-lambda-java-core} at all, so only
 * {@link LambdaContext} names its types.
 */
public class StockLevelChanges implements Function<Message<SQSEvent>, SQSBatchResponse> {

	/** Spring Cloud Function's {@code AWSLambdaUtils.AWS_CONTEXT}: the invocation's Lambda {@code Context}. */
	static final String AWS_CONTEXT = "aws-context";

	private static final Logger log = LoggerFactory.getLogger(StockLevelChanges.class);

	private final StockLevels levels;

	private final StockLevelPublisher publisher;

	private final OrderEventCodec codec;

	private final Clock clock;

	/** With the system clock: for a host that built it so before the publishes were budgeted. */
	public StockLevelChanges(StockLevels levels, StockLevelPublisher publisher, OrderEventCodec codec) {
		this(levels, publisher, codec, Clock.systemUTC());
	}

	public StockLevelChanges(StockLevels levels, StockLevelPublisher publisher, OrderEventCodec codec, Clock clock) {
		this.levels = levels;
		this.publisher = publisher;
		this.codec = codec;
		this.clock = clock;
	}

	/** The batch as Lambda hands it over, with its {@code Context} if the adapter passed one. */
	@Override
	public SQSBatchResponse apply(Message<SQSEvent> event) {
		Object context = event.getHeaders().get(AWS_CONTEXT);
		Duration remaining = context == null ? null : LambdaContext.remainingTime(context);
		PublishBudget budget = remaining == null ? PublishBudget.forABatch(clock)
				: PublishBudget.forABatch(clock, remaining);
		return announce(event.getPayload(), budget);
	}

	/** The batch without a Lambda context: its publishes share {@link PublishBudget#FOR_A_BATCH} from now. */
	public SQSBatchResponse apply(SQSEvent event) {
		return announce(event, PublishBudget.forABatch(clock));
	}

	private SQSBatchResponse announce(SQSEvent event, PublishBudget budget) {
		List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
		Map<SQSEvent.SQSMessage, StockLevelChanged> crossings = new LinkedHashMap<>();
		for (SQSEvent.SQSMessage record : event.getRecords()) {
			try {
				levels.crossing(decode(record)).ifPresent(crossing -> crossings.put(record, crossing));
			}
			catch (RuntimeException ex) {
				failed(record, ex, failures);
			}
		}
		int publishesLeft = crossings.size();
		for (Map.Entry<SQSEvent.SQSMessage, StockLevelChanged> entry : crossings.entrySet()) {
			StockLevelChanged crossing = entry.getValue();
			try {
				publisher.publish(crossing, budget.nextPublish(publishesLeft));
				log.info("Stock of {} went from {} to {} ({} available)", crossing.sku(), crossing.previous(),
						crossing.current(), crossing.available());
			}
			catch (RuntimeException ex) {
				failed(entry.getKey(), ex, failures);
			}
			publishesLeft--;
		}
		return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
	}

	private static void failed(SQSEvent.SQSMessage record, RuntimeException ex,
			List<SQSBatchResponse.BatchItemFailure> failures) {
		log.warn("Stock change in message {} failed; SQS delivers it again: {}", record.getMessageId(), ex.toString());
		failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(record.getMessageId()).build());
	}

	private AvailableStockChanged decode(SQSEvent.SQSMessage record) {
		SQSEvent.MessageAttribute eventType = record.getMessageAttributes() == null ? null
				: record.getMessageAttributes().get(MessagingNames.EVENT_TYPE_ATTRIBUTE);
		if (eventType == null) {
			throw new IllegalArgumentException("no " + MessagingNames.EVENT_TYPE_ATTRIBUTE + " attribute");
		}
		StockEvent decoded = codec.decodeStockEvent(eventType.getStringValue(), record.getBody());
		if (!(decoded instanceof AvailableStockChanged change)) {
			throw new IllegalArgumentException("not an AvailableStockChanged: " + decoded.eventType());
		}
		return change;
	}
}
