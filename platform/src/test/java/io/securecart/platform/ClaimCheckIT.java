package io.securecart.platform;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.platform.dlq.DeadLetterQueues;
import io.securecart.platform.messaging.ClaimCheck;
import io.securecart.platform.messaging.ClaimCheckProperties;
import io.securecart.platform.outbox.Outbox;
import io.securecart.provisioner.BucketProvisioner;
import io.securecart.provisioner.Topology;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.payloadoffloading.PayloadS3Pointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Large payloads through S3 (ADR 16), against moto: a message just under the threshold goes as it is, one just over
 * as a pointer, on SQS FIFO, on SNS fan-out to a subscribed queue and on the event bus, and each is consumed whole.
 * A consumer that cannot read S3 leaves the message for retries and the DLQ; a redrive brings it back.
 */
@ServiceIntegrationTest
class ClaimCheckIT {

	static {
		PlatformDatabase.ensureExists();
	}

	/** More than the three attributes the relay adds take (eventType, traceparent, orderId: under 150 bytes). */
	private static final int ATTRIBUTES_ROOM = 200;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static TestMessaging messaging;

	private static S3Client s3;

	private final OrderEventCodec codec = OrderEventCodec.standalone();

	@Autowired
	PlatformTestApplication.RecordingService service;

	@Autowired
	ClaimCheckProperties properties;

	@Autowired
	ClaimCheck claimCheck;

	@Autowired
	DeadLetterQueues deadLetterQueues;

	@Autowired
	Outbox outbox;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	JdbcClient jdbc;

	@BeforeAll
	static void connect() {
		messaging = new TestMessaging(TestInfrastructure.shared());
		s3 = TestInfrastructure.shared().s3Client();
	}

	@AfterAll
	static void disconnect() {
		messaging.close();
		s3.close();
	}

	@Test
	void sendsAnOrderJustUnderTheThresholdOnTheFifoQueueAsItIsAndOneJustOverThroughS3() {
		int threshold = (int) properties.threshold().toBytes();
		OrderPlaced under = orderOfSize(threshold - ATTRIBUTES_ROOM);
		OrderPlaced over = orderOfSize(threshold + 1);

		service.sendToOrdersQueue(under);
		service.sendToOrdersQueue(over);

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(consumed(under)).isEqualTo(1);
			assertThat(consumed(over)).isEqualTo(1);
		});
		assertThat(stored(MessagingNames.ORDERS_QUEUE, under.eventId())).as("under the threshold: no object").isNull();
		assertThat(stored(MessagingNames.ORDERS_QUEUE, over.eventId()))
			.as("over it: the whole event, under its destination and row id")
			.isEqualTo(codec.encode(over));
	}

	@Test
	void fansAnEventJustOverTheThresholdOutThroughSnsToASubscribedQueueAndOneJustUnderAsItIs() {
		int threshold = (int) properties.threshold().toBytes();
		PaymentDeclined under = declinedOfSize(threshold - ATTRIBUTES_ROOM);
		PaymentDeclined over = declinedOfSize(threshold + 1);

		service.recordAndPublish(under, false);
		service.recordAndPublish(over, false);

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(consumed(under)).isEqualTo(1);
			assertThat(consumed(over)).isEqualTo(1);
		});
		assertThat(stored(MessagingNames.ORDER_EVENTS_TOPIC, under.eventId())).isNull();
		assertThat(stored(MessagingNames.ORDER_EVENTS_TOPIC, over.eventId())).isEqualTo(codec.encode(over));
	}

	@Test
	void putsALargeOrderOnTheBusWithItsRoutingFieldsSoTheRuleStillRoutesItAndTheConsumerGetsItWhole() {
		OrderPlaced large = orderOfSize((int) properties.threshold().toBytes() + 1000).withoutPaymentToken();

		new TransactionTemplate(transactionManager).executeWithoutResult(status -> outbox
			.putOnEventBus(MessagingNames.EVENT_BUS, MessagingNames.CHECKOUT_EVENT_SOURCE, large));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(messaging.messagesOn(MessagingNames.FRAUD_SCREENING_QUEUE))
				.anySatisfy(message -> assertThat(message.body()).contains(large.orderId().toString())));
		Message routed = messaging.messagesOn(MessagingNames.FRAUD_SCREENING_QUEUE)
			.stream()
			.filter(message -> message.body().contains(large.orderId().toString()))
			.findFirst()
			.orElseThrow();
		JsonNode detail = JSON.readTree(routed.body()).path("detail");
		assertThat(detail.has(ClaimCheck.DETAIL_POINTER)).isTrue();
		assertThat(detail.has("lines")).isFalse();
		assertThat(detail.path("total").path("amount").decimalValue()).isEqualByComparingTo(large.total().amount());
		assertThat(codec.decodeEventBridgeEvent(claimCheck.eventBridgeEvent(routed.body()))).contains(large);
	}

	@Test
	void leavesAMessageWhosePayloadItCannotReadForRetriesAndTheDeadLetterQueueAndARedriveCompletesIt() {
		PaymentDeclined event = declinedOfSize(1000);
		String key = "unreadable-" + UUID.randomUUID();
		String pointer = new PayloadS3Pointer(properties.bucket(), key).toJson();
		try (SqsClient sqs = TestInfrastructure.shared().sqsClient()) {
			// As the relay sends it, but the object is not (yet, or no longer) in S3: every read fails.
			sqs.sendMessage(request -> request.queueUrl(messaging.queueUrl(MessagingNames.NOTIFICATION_QUEUE))
				.messageBody(pointer)
				.messageAttributes(Map.of(MessagingNames.EVENT_TYPE_ATTRIBUTE, string(event.eventType()),
						MessagingNames.EXTENDED_PAYLOAD_SIZE_ATTRIBUTE,
						MessageAttributeValue.builder().dataType("Number").stringValue("1000").build())));
		}

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(deadLetterQueues.messages(MessagingNames.NOTIFICATION_QUEUE, 10))
				.anySatisfy(message -> {
					assertThat(message.body()).isEqualTo(pointer);
					assertThat(message.receiveCount()).isGreaterThanOrEqualTo(5);
				}));
		assertThat(consumed(event)).isZero();

		s3.putObject(request -> request.bucket(properties.bucket()).key(key), RequestBody.fromString(codec.encode(event)));
		String messageId = deadLetterQueues.messages(MessagingNames.NOTIFICATION_QUEUE, 10)
			.stream()
			.filter(message -> message.body().equals(pointer))
			.findFirst()
			.orElseThrow()
			.messageId();
		assertThat(deadLetterQueues.redriveOne(MessagingNames.NOTIFICATION_QUEUE, messageId).moved()).isEqualTo(1);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(consumed(event)).isEqualTo(1));
	}

	@Test
	void theBucketExpiresPayloadsAfterTheDeclaredDaysAndEncryptsThem() {
		Topology.BucketSpec declared = Topology.declared()
			.buckets()
			.stream()
			.filter(bucket -> bucket.name().equals(properties.bucket()))
			.findFirst()
			.orElseThrow();

		List<LifecycleRule> rules = s3.getBucketLifecycleConfiguration(request -> request.bucket(properties.bucket()))
			.rules();
		assertThat(rules).singleElement().satisfies(rule -> {
			assertThat(rule.id()).isEqualTo(BucketProvisioner.EXPIRATION_RULE);
			assertThat(rule.statusAsString()).isEqualTo("Enabled");
			assertThat(rule.expiration().days()).isEqualTo(declared.expirationDays());
		});
		assertThat(s3.getBucketEncryption(request -> request.bucket(properties.bucket()))
			.serverSideEncryptionConfiguration()
			.rules()).singleElement()
			.satisfies(rule -> assertThat(rule.applyServerSideEncryptionByDefault().sseAlgorithmAsString())
				.isEqualTo(declared.encryption()));
	}

	private long consumed(OrderEvent event) {
		return jdbc.sql("select count(*) from recorded_effect where event_id = :id and event_type = :type")
			.param("id", event.eventId())
			.param("type", event.eventType())
			.query(Long.class)
			.single();
	}

	private String stored(String destination, UUID rowId) {
		try {
			return s3.getObjectAsBytes(request -> request.bucket(properties.bucket()).key(destination + "/" + rowId))
				.asUtf8String();
		}
		catch (NoSuchKeyException ex) {
			return null;
		}
	}

	/** An order of hundreds of lines whose encoded event is exactly {@code bytes} long. */
	private OrderPlaced orderOfSize(int bytes) {
		List<OrderLine> lines = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			lines.add(new OrderLine("SC-PART-%05d".formatted(i), 1 + i % 5, Money.of("4.99")));
		}
		UUID eventId = UUID.randomUUID();
		UUID orderId = UUID.randomUUID();
		String customer = "large-" + UUID.randomUUID();
		IntFunction<OrderPlaced> withPadding = padding -> {
			List<OrderLine> padded = new ArrayList<>(lines);
			padded.add(new OrderLine("SC-BULK-" + "X".repeat(padding), 1, Money.of("1.00")));
			return new OrderPlaced(eventId, orderId, customer, padded, Money.of("1499.70"), "tok_visa_claim_check",
					Instant.parse("2026-11-30T15:00:00Z"));
		};
		return exactly(bytes, withPadding);
	}

	private PaymentDeclined declinedOfSize(int bytes) {
		UUID eventId = UUID.randomUUID();
		UUID orderId = UUID.randomUUID();
		return exactly(bytes, padding -> new PaymentDeclined(eventId, orderId, "large-" + eventId,
				"declined " + "x".repeat(padding), Instant.parse("2026-11-30T15:00:00Z")));
	}

	private <E extends OrderEvent> E exactly(int bytes, IntFunction<E> withPadding) {
		int base = size(withPadding.apply(0));
		E event = withPadding.apply(bytes - base);
		assertThat(size(event)).isEqualTo(bytes);
		return event;
	}

	private int size(OrderEvent event) {
		return codec.encode(event).getBytes(StandardCharsets.UTF_8).length;
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}
}
