package io.securecart.platform.dlq;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.securecart.contracts.MessagingNames;
import io.securecart.platform.messaging.BoundedCalls;
import io.securecart.platform.messaging.MessagingDestinations;
import io.securecart.platform.messaging.MessagingProperties;
import io.securecart.platform.messaging.MessageTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Inspects and redrives the dead-letter queues of the queues this service uses. Nothing here repeats the topology:
 * a queue's dead-letter queue is read from its own RedrivePolicy, and the dead-letter queue of the SNS subscription
 * that delivers to it (where SNS parks what it could not deliver) from that subscription's RedrivePolicy.
 * <p>
 * Redrive of a whole receive DLQ uses SQS {@code StartMessageMoveTask} where the broker has it (AWS, LocalStack).
 * Redrive of one message, of an SNS delivery DLQ, and the fallback where the broker has no move task (moto) move
 * messages one by one: receive from the DLQ, send to the source queue with the same body, attributes and message group
 * id but a <em>new</em> deduplication id ({@link RedriveDeduplicationIds}: AWS would silently drop a send that reuses
 * the original id within its five-minute window), and only once that send succeeded delete the DLQ copy. A crash
 * between send and delete leaves a copy in the DLQ (at-least-once, like everything else here); consumers are
 * idempotent by event id. Every AWS call is bounded by {@code securecart.dlq.aws-call-timeout}.
 */
public class DeadLetterQueues {

	private static final Logger log = LoggerFactory.getLogger(DeadLetterQueues.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SqsAsyncClient sqs;

	private final SnsClient sns;

	private final MessagingDestinations destinations;

	private final MessagingProperties properties;

	private final RedriveMethod configuredMethod;

	private final Duration callTimeout;

	static final int LONG_POLL_SECONDS = 1;

	/**
	 * The most messages a search for one message passes over before it answers "not found": each is held invisible
	 * while the search goes on, and a queue bigger than a search can hold before the first come back is searched round
	 * and round without end.
	 */
	static final int MAX_SEARCHED = 1_000;

	public DeadLetterQueues(SqsAsyncClient sqs, SnsClient sns, MessagingDestinations destinations,
			MessagingProperties properties, RedriveMethod configuredMethod, Duration callTimeout) {
		this.sqs = sqs;
		this.sns = sns;
		this.destinations = destinations;
		this.properties = properties;
		this.configuredMethod = configuredMethod;
		this.callTimeout = callTimeout;
	}

	/**
	 * Every dead-letter queue this service can read, with how many messages wait there. One the broker refuses to
	 * this service is left out, with a WARN, not the whole list: on AWS a service may only send to a queue whose
	 * consumer owns its DLQ (checkout's {@code orders.fifo}, inventory's {@code stock-level-changes}), and its role
	 * does not reach that DLQ; the consumer lists it.
	 */
	public List<DeadLetterQueueSummary> summaries() {
		return brokerFaultsAnswered(this::readSummaries);
	}

	private List<DeadLetterQueueSummary> readSummaries() {
		List<DeadLetterQueueSummary> summaries = new ArrayList<>();
		for (DeadLetterRoute route : routes()) {
			try {
				summaries.add(new DeadLetterQueueSummary(route.queue(), route.deadLetterQueue(),
						route.maxReceiveCount(), approximateCount(route.deadLetterQueue()), route.kind()));
			}
			catch (RuntimeException ex) {
				if (!refusedToThisService(ex)) {
					throw ex;
				}
				log.warn("Cannot read {}, the dead-letter queue of {}, left out: {}", route.deadLetterQueue(),
						route.queue(), ex.toString());
			}
		}
		return summaries;
	}

	/**
	 * Up to {@code max} messages of a dead-letter queue, named by its source queue (its receive DLQ) or by its own
	 * name (any DLQ of this service's queues, SNS delivery DLQs included). They stay there, visible again at once.
	 */
	public List<DeadLetterMessage> messages(String queueOrDeadLetterQueue, int max) {
		return brokerFaultsAnswered(() -> readMessages(queueOrDeadLetterQueue, max));
	}

	private List<DeadLetterMessage> readMessages(String queueOrDeadLetterQueue, int max) {
		String dlqUrl = destinations.queueUrl(routeOf(queueOrDeadLetterQueue).deadLetterQueue());
		List<Message> received = receive(dlqUrl, Math.min(max, 10), 5);
		makeVisible(dlqUrl, received);
		return received.stream().map(DeadLetterQueues::describe).toList();
	}

	public RedriveResult redriveAll(String queueOrDeadLetterQueue) {
		return brokerFaultsAnswered(() -> moveAll(queueOrDeadLetterQueue));
	}

	private RedriveResult moveAll(String queueOrDeadLetterQueue) {
		DeadLetterRoute route = routeOf(queueOrDeadLetterQueue);
		// A move task needs the source to be the destination's DLQ; an SNS delivery DLQ is not, so it moves here.
		if (configuredMethod != RedriveMethod.RECEIVE_SEND_DELETE
				&& route.kind() == DeadLetterQueueSummary.Kind.RECEIVES) {
			try {
				String handle = await(sqs.startMessageMoveTask(request -> request
					.sourceArn(arnOf(route.deadLetterQueue()))
					.destinationArn(arnOf(route.queue())))).taskHandle();
				log.info("Redriving {} → {} with StartMessageMoveTask {}", route.deadLetterQueue(), route.queue(),
						handle);
				return new RedriveResult(route.queue(), "StartMessageMoveTask", -1, handle);
			}
			catch (RuntimeException ex) {
				if (configuredMethod == RedriveMethod.MOVE_TASK || !isUnsupported(ex)) {
					throw ex;
				}
				log.info("The broker has no StartMessageMoveTask ({}); redriving {} message by message",
						ex.getClass().getSimpleName(), route.deadLetterQueue());
			}
		}
		return new RedriveResult(route.queue(), "receive-send-delete", moveOneByOne(route, null).count(), null);
	}

	/**
	 * Moves one message back. In a FIFO dead-letter queue SQS hands out a group's messages in order, at most ten at a
	 * time, and no more of the group while those are out: a message further back is not found until those before it
	 * have been redriven, and the error names the first message of each group it saw.
	 */
	public RedriveResult redriveOne(String queueOrDeadLetterQueue, String messageId) {
		return brokerFaultsAnswered(() -> moveOne(queueOrDeadLetterQueue, messageId));
	}

	private RedriveResult moveOne(String queueOrDeadLetterQueue, String messageId) {
		DeadLetterRoute route = routeOf(queueOrDeadLetterQueue);
		Moved moved = moveOneByOne(route, messageId);
		if (moved.count() == 0) {
			Map<String, String> firstOfEachGroup = new LinkedHashMap<>();
			for (Message passedOver : moved.passedOver()) {
				String group = passedOver.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
				if (group != null) {
					firstOfEachGroup.putIfAbsent(group, passedOver.messageId());
				}
			}
			throw new DeadLetterMessageNotFoundException(queueOrDeadLetterQueue, messageId, firstOfEachGroup);
		}
		return new RedriveResult(route.queue(), "receive-send-delete", moved.count(), null);
	}

	/** @param passedOver the messages received and left in the queue (not the one asked for) */
	private record Moved(int count, List<Message> passedOver) {
	}

	private Moved moveOneByOne(DeadLetterRoute route, String onlyMessageId) {
		String dlqUrl = destinations.queueUrl(route.deadLetterQueue());
		String sourceUrl = destinations.queueUrl(route.queue());
		int moved = 0;
		List<Message> batch;
		// By id, with the newest receipt handle: the one that makes it visible again.
		Map<String, Message> skipped = new LinkedHashMap<>();
		boolean searchedThrough = false;
		do {
			batch = receive(dlqUrl, 10, 30);
			for (Message message : batch) {
				if (onlyMessageId != null && !onlyMessageId.equals(message.messageId())) {
					// One passed over before is visible again: the search has gone round a queue too big to hold.
					searchedThrough |= skipped.put(message.messageId(), message) != null
							|| skipped.size() >= MAX_SEARCHED;
					continue;
				}
				String deduplicationId = RedriveDeduplicationIds.forRedriveOf(
						message.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID),
						message.messageId());
				// Deleting only after this send returned: a failed send throws and leaves the DLQ copy in place.
				await(sqs.sendMessage(request -> request.queueUrl(sourceUrl)
					.messageBody(message.body())
					.messageAttributes(message.messageAttributes())
					.messageGroupId(message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
					.messageDeduplicationId(deduplicationId)));
				await(sqs.deleteMessage(request -> request.queueUrl(dlqUrl).receiptHandle(message.receiptHandle())));
				moved++;
			}
		}
		while (!batch.isEmpty() && (onlyMessageId == null || moved == 0 && !searchedThrough));
		makeVisibleAsFarAsPossible(dlqUrl, skipped.values());
		log.info("Redrove {} message(s) from {} to {}", moved, route.deadLetterQueue(), route.queue());
		return new Moved(moved, List.copyOf(skipped.values()));
	}

	/**
	 * The messages a search passed over, visible again now rather than after the receive's 30 s. A handle a later
	 * receive replaced is refused; that message is visible already, or will be, so this never fails the request. A
	 * broker that does not answer ends it: the rest become visible when their 30 s run out.
	 */
	private void makeVisibleAsFarAsPossible(String queueUrl, Collection<Message> messages) {
		for (Message message : messages) {
			try {
				makeVisible(queueUrl, List.of(message));
			}
			catch (RuntimeException ex) {
				if (!answeredByTheBroker(ex)) {
					log.warn("Could not make the messages passed over visible at once; they will be within 30 s: {}",
							ex.toString());
					return;
				}
				log.debug("Message {} not made visible at once: {}", message.messageId(), ex.toString());
			}
		}
	}

	private static boolean answeredByTheBroker(RuntimeException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SdkServiceException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Long polling, if only for a second: a short poll (0 s) asks a sample of SQS's servers and may answer nothing
	 * while messages wait, which here would list an empty DLQ, answer a false 404 or end a redrive early (AWS; the
	 * emulators answer from every message either way). An empty answer of a long poll means an empty queue.
	 */
	private List<Message> receive(String queueUrl, int max, int visibilitySeconds) {
		return await(sqs.receiveMessage(request -> request.queueUrl(queueUrl)
			.maxNumberOfMessages(max)
			.visibilityTimeout(visibilitySeconds)
			.waitTimeSeconds(LONG_POLL_SECONDS)
			.messageAttributeNames("All")
			.messageSystemAttributeNames(MessageSystemAttributeName.ALL))).messages();
	}

	private void makeVisible(String queueUrl, List<Message> messages) {
		for (Message message : messages) {
			await(sqs.changeMessageVisibility(request -> request.queueUrl(queueUrl)
				.receiptHandle(message.receiptHandle())
				.visibilityTimeout(0)));
		}
	}

	private int approximateCount(String queue) {
		return Integer.parseInt(await(sqs.getQueueAttributes(request -> request
			.queueUrl(destinations.queueUrl(queue))
			.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))).attributes()
			.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
	}

	private String arnOf(String queue) {
		return await(sqs.getQueueAttributes(request -> request.queueUrl(destinations.queueUrl(queue))
			.attributeNames(QueueAttributeName.QUEUE_ARN))).attributes().get(QueueAttributeName.QUEUE_ARN);
	}

	private DeadLetterRoute routeOf(String queueOrDeadLetterQueue) {
		List<DeadLetterRoute> routes = routes();
		return routes.stream()
			.filter(route -> route.kind() == DeadLetterQueueSummary.Kind.RECEIVES
					&& route.queue().equals(queueOrDeadLetterQueue))
			.findFirst()
			.or(() -> routes.stream()
				.filter(route -> route.deadLetterQueue().equals(queueOrDeadLetterQueue))
				.findFirst())
			.orElseThrow(() -> new UnknownQueueException(queueOrDeadLetterQueue, properties.queues()));
	}

	/** Every dead-letter queue of this service's queues: their own, and their SNS subscriptions'. */
	private List<DeadLetterRoute> routes() {
		List<DeadLetterRoute> routes = new ArrayList<>();
		Map<String, String> queuesByArn = new java.util.HashMap<>();
		for (String queue : properties.queues()) {
			try {
				redrivePolicy(queue).ifPresent(routes::add);
				queuesByArn.put(arnOf(queue), queue);
			}
			catch (RuntimeException ex) {
				if (!refusedToThisService(ex)) {
					throw ex;
				}
				log.warn("Cannot read the attributes of {}, whose dead-letter queues are left out: {}", queue,
						ex.toString());
			}
		}
		for (Subscription subscription : sns.listSubscriptionsPaginator().subscriptions()) {
			String queue = queuesByArn.get(subscription.endpoint());
			if (queue != null) {
				deliveryDeadLetterQueue(subscription.subscriptionArn()).ifPresent(dlq -> routes
					.add(new DeadLetterRoute(queue, dlq, 0, DeadLetterQueueSummary.Kind.SNS_DELIVERY)));
			}
		}
		return routes;
	}

	private Optional<DeadLetterRoute> redrivePolicy(String queue) {
		String policy = await(sqs.getQueueAttributes(request -> request.queueUrl(destinations.queueUrl(queue))
			.attributeNames(QueueAttributeName.REDRIVE_POLICY))).attributes().get(QueueAttributeName.REDRIVE_POLICY);
		if (policy == null || policy.isBlank()) {
			return Optional.empty();
		}
		JsonNode json = JSON.readTree(policy);
		return Optional.of(new DeadLetterRoute(queue, nameOf(json.path("deadLetterTargetArn").asString()),
				json.path("maxReceiveCount").asInt(), DeadLetterQueueSummary.Kind.RECEIVES));
	}

	private Optional<String> deliveryDeadLetterQueue(String subscriptionArn) {
		if (subscriptionArn == null || !subscriptionArn.startsWith("arn:")) {
			return Optional.empty(); // "PendingConfirmation"
		}
		String policy = sns.getSubscriptionAttributes(request -> request.subscriptionArn(subscriptionArn))
			.attributes()
			.get("RedrivePolicy");
		if (policy == null || policy.isBlank()) {
			return Optional.empty();
		}
		return Optional.of(nameOf(JSON.readTree(policy).path("deadLetterTargetArn").asString()));
	}

	private static String nameOf(String arn) {
		return arn.substring(arn.lastIndexOf(':') + 1);
	}

	/** No unbounded wait on the broker: an operator's request gets an answer or an error. */
	private <T> T await(CompletableFuture<T> call) {
		return BoundedCalls.await(call, callTimeout, "SQS");
	}

	/**
	 * The broker answered that this service may not read the queue, or that there is none: the same answer next time,
	 * unlike a timeout or an outage, which fail the whole request (and a metrics round, which tries again).
	 */
	private static boolean refusedToThisService(RuntimeException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof QueueDoesNotExistException) {
				return true;
			}
			if (cause instanceof AwsServiceException service && service.awsErrorDetails() != null) {
				String code = String.valueOf(service.awsErrorDetails().errorCode());
				// Not throttling, an expired token or a skewed clock: those pass, and fail the request.
				return code.startsWith("AccessDenied") || code.endsWith("NonExistentQueue");
			}
		}
		return false;
	}

	/**
	 * A fault that passes ({@link #passing}) becomes a {@link BrokerUnavailableException}; anything else, a refusal
	 * that will be the same next time included, stays what it is.
	 */
	private static <T> T brokerFaultsAnswered(Supplier<T> request) {
		try {
			return request.get();
		}
		catch (RuntimeException ex) {
			if (passing(ex)) {
				throw new BrokerUnavailableException(ex);
			}
			throw ex;
		}
	}

	/**
	 * The broker did not answer in time, could not be reached (an I/O failure), throttled the call (KMS's throttling of
	 * an encrypted queue included) or failed on its side, anywhere in the cause chain (a queue URL lookup wraps its
	 * failure in {@code MissingTopologyException}). Not an expired token, a skewed clock, credentials that cannot be
	 * loaded or a request the SDK cannot build: waiting fixes none of those.
	 */
	static boolean passing(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException || cause instanceof IOException
					|| cause instanceof ApiCallTimeoutException || cause instanceof ApiCallAttemptTimeoutException) {
				return true;
			}
			if (cause instanceof SdkServiceException service) {
				return service.isThrottlingException() || service.statusCode() >= 500 || throttled(service);
			}
		}
		return false;
	}

	/** Throttling the SDK does not know: KMS's, as SQS passes it on ({@code KMS.ThrottlingException}). */
	private static boolean throttled(SdkServiceException service) {
		return service instanceof AwsServiceException aws && aws.awsErrorDetails() != null
				&& String.valueOf(aws.awsErrorDetails().errorCode()).contains("Throttl");
	}

	private static boolean isUnsupported(RuntimeException ex) {
		Throwable cause = ex.getCause() != null && !(ex instanceof SdkServiceException) ? ex.getCause() : ex;
		return cause instanceof SdkServiceException service && (service.statusCode() >= 500
				|| String.valueOf(service.getMessage()).contains("UnsupportedOperation"));
	}

	private static DeadLetterMessage describe(Message message) {
		Map<String, String> attributes = new TreeMap<>();
		message.messageAttributes().forEach((name, value) -> attributes.put(name, value.stringValue()));
		Map<MessageSystemAttributeName, String> system = message.attributes();
		return new DeadLetterMessage(message.messageId(), attributes.get(MessagingNames.EVENT_TYPE_ATTRIBUTE),
				MessageTokens.masked(message.body()),
				Integer.parseInt(system.getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "0")),
				epochMillis(system.get(MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP)),
				epochMillis(system.get(MessageSystemAttributeName.SENT_TIMESTAMP)),
				system.get(MessageSystemAttributeName.MESSAGE_GROUP_ID),
				system.get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID), attributes);
	}

	private static Instant epochMillis(String value) {
		return value == null ? null : Instant.ofEpochMilli(Long.parseLong(value));
	}

	/** Where messages of {@code queue} end up when they fail, and how. */
	private record DeadLetterRoute(String queue, String deadLetterQueue, int maxReceiveCount,
			DeadLetterQueueSummary.Kind kind) {
	}

	/** How to move messages back: {@code AUTO} tries StartMessageMoveTask and falls back when the broker lacks it. */
	public enum RedriveMethod {

		AUTO, MOVE_TASK, RECEIVE_SEND_DELETE

	}
}
