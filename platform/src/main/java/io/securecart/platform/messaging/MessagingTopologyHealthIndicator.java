package io.securecart.platform.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * DOWN while a queue or topic the service declared ({@link MessagingProperties}) is gone, or while the SNS subscription
 * of a queue it listens on is gone or filters other events than {@code infra/topology.json} declares
 * ({@link MessagingDestinations#driftedSubscriptions}). The startup check refuses to start without them; this one
 * notices when they disappear or change later, e.g. when LocalStack's community edition, which keeps its state in
 * memory, restarts, or someone unsubscribes a queue by hand: the service would otherwise look healthy while consuming
 * and publishing nothing. Checked again at most once per {@code securecart.messaging.topology-check-interval} (30 s
 * by default), one request per queue and topic, one per page of a subscribed topic's subscriptions and one per
 * subscription, whatever the rate of health requests.
 * <p>
 * A subscription check that could not be made (SNS throttled, timed out or denied the call) is UNKNOWN, with its
 * reason, and cached like a result: it says nothing about the subscriptions, so it is no reason to take the service
 * out of rotation, and asking again on every health request would only add to the throttling.
 */
class MessagingTopologyHealthIndicator extends AbstractHealthIndicator {

	/**
	 * CloudFormation changes only what its template changed, so {@code cdk deploy} leaves a queue, topic or
	 * subscription deleted or changed by hand as it is: on AWS the repair is the CLI's, or a replacement
	 * CloudFormation makes.
	 */
	static final String ACTION = "locally, provision infra/topology.json again (./securecart up, or docker compose run "
			+ "--rm provisioner); on AWS, cdk deploy does not undo a change made by hand: set a changed subscription's "
			+ "declared FilterPolicy and RawMessageDelivery back (aws sns set-subscription-attributes), subscribe a "
			+ "deleted one again with them (aws sns subscribe --attributes), or make CloudFormation replace what is "
			+ "gone or changed; the listeners resume by themselves";

	private final SqsAsyncClient sqs;

	private final SnsClient sns;

	private final MessagingDestinations destinations;

	private final MessagingProperties properties;

	private final Clock clock;

	/** How long one lookup may take: a broker that hangs is down, and health answers instead of waiting with it. */
	private final Duration lookupTimeout;

	private Checked last;

	MessagingTopologyHealthIndicator(SqsAsyncClient sqs, SnsClient sns, MessagingDestinations destinations,
			MessagingProperties properties, Clock clock) {
		this(sqs, sns, destinations, properties, clock, Duration.ofSeconds(5));
	}

	MessagingTopologyHealthIndicator(SqsAsyncClient sqs, SnsClient sns, MessagingDestinations destinations,
			MessagingProperties properties, Clock clock, Duration lookupTimeout) {
		this.sqs = sqs;
		this.sns = sns;
		this.destinations = destinations;
		this.properties = properties;
		this.clock = clock;
		this.lookupTimeout = lookupTimeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Checked checked = current();
		boolean up = checked.missing().isEmpty() && checked.drifted().isEmpty();
		if (!up) {
			builder.down();
		}
		else if (!checked.notChecked().isEmpty()) {
			// A call that failed (throttled, timed out, denied) says nothing about the subscriptions: not DOWN.
			builder.unknown().withDetail("notChecked", checked.notChecked());
		}
		else {
			builder.up();
		}
		builder.withDetail("destinations", checked.destinations()).withDetail("checkedAt", checked.at().toString());
		if (!checked.missing().isEmpty()) {
			builder.withDetail("missing", checked.missing());
		}
		if (!checked.drifted().isEmpty()) {
			builder.withDetail("drifted", checked.drifted());
		}
		if (!up) {
			builder.withDetail("action", ACTION);
		}
	}

	private synchronized Checked current() {
		Instant now = clock.instant();
		if (last == null || !now.isBefore(last.at().plus(properties.topologyCheckInterval()))) {
			last = check(now);
		}
		return last;
	}

	private Checked check(Instant now) {
		Map<String, String> destinations = new TreeMap<>();
		List<String> missing = new ArrayList<>();
		for (String queue : properties.queues()) {
			boolean present = queueExists(queue);
			destinations.put(queue, present ? "present" : "missing");
			if (!present) {
				missing.add("SQS queue " + queue);
			}
		}
		for (String topic : properties.topics()) {
			boolean present = topicExists(topic);
			destinations.put(topic, present ? "present" : "missing");
			if (!present) {
				missing.add("SNS topic " + topic);
			}
		}
		List<String> listenedOn = properties.listensOn()
			.stream()
			.filter(queue -> !missing.contains("SQS queue " + queue))
			.toList();
		// A queue found missing above is its subscription's problem already: not reported twice.
		try {
			return new Checked(now, destinations, missing, driftedSubscriptions(listenedOn), List.of());
		}
		catch (MissingTopologyException ex) {
			return new Checked(now, destinations, missing, List.of(firstLine(ex)), List.of());
		}
		catch (RuntimeException ex) {
			return new Checked(now, destinations, missing, List.of(),
					List.of("SNS subscriptions of " + listenedOn + " not checked: " + firstLine(ex)));
		}
	}

	private List<String> driftedSubscriptions(List<String> queues) {
		return destinations.driftedSubscriptions(queues, lookupTimeout);
	}

	private static String firstLine(RuntimeException ex) {
		return Objects.toString(ex.getMessage(), ex.toString()).lines().findFirst().orElse(ex.toString());
	}

	private boolean queueExists(String queue) {
		try {
			BoundedCalls.await(sqs.getQueueUrl(request -> request.queueName(queue)), lookupTimeout, "SQS");
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private boolean topicExists(String topic) {
		try {
			sns.getTopicAttributes(request -> request.topicArn(destinations.topicArn(topic)));
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private record Checked(Instant at, Map<String, String> destinations, List<String> missing, List<String> drifted,
			List<String> notChecked) {
	}
}
