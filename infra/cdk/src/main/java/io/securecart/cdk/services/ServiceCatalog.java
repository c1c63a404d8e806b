package io.securecart.cdk.services;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the topology does not say: each deployable's port, database, what it publishes (or only observes), its circuit
 * breakers and how fast it must drain its queues. What a service consumes is not here: it comes from the topology's {@code consumer}
 * fields. Together they are "its own resources", the only ones its task role may touch (docs/aws.md).
 */
public final class ServiceCatalog {

	/** Drain a backlog within 10 s; a task handles 10 messages a second (assumed, measure on AWS: docs/aws.md). */
	private static final BacklogTarget DRAIN_IN_TEN_SECONDS = new BacklogTarget(10, 10, 4);

	private static final List<ServiceSpec> SERVICES = List.of(
			// order-events: PaymentRejected, which cancels a paid order for everyone who acted on it (ADR 44).
			new ServiceSpec("checkout-service", 8080, "checkout",
					new Publications(List.of("order-events"), List.of("orders.fifo"), List.of("securecart"), List.of(),
							List.of()),
					List.of("catalog"), false, DRAIN_IN_TEN_SECONDS),
			new ServiceSpec("payment-service", 8081, "payment",
					new Publications(List.of("order-events"), List.of(), List.of(), List.of(), List.of("securecart")),
					List.of("paymentGateway"), false, DRAIN_IN_TEN_SECONDS),
			new ServiceSpec("fulfillment-service", 8082, "fulfillment",
					new Publications(List.of("order-events"), List.of(), List.of(), List.of("fulfillment"), List.of()),
					List.of(), false, DRAIN_IN_TEN_SECONDS),
			new ServiceSpec("notification-service", 8083, "notification", Publications.NONE, List.of(), false,
					DRAIN_IN_TEN_SECONDS),
			// stock-events and stock-level-changes: the stock-alerts function it hosts on the emulators (ADR 15).
			new ServiceSpec("inventory-service", 8084, "inventory",
					new Publications(List.of("order-events", "stock-events"), List.of("stock-level-changes"), List.of(),
							List.of(), List.of()),
					List.of(),
					true, DRAIN_IN_TEN_SECONDS),
			// No auth-server: on AWS the issuer is Cognito. The demo issuer's users and clients, with their published
			// passwords and secrets, would be an open admin sign-in behind the public load balancer.
			new ServiceSpec("console", 8085, null, Publications.NONE, List.of(), false, null,
					new Observations(true, List.of("fulfillment"))));

	/**
	 * Each service's deferred work, by the names of its {@code DeferredWork} beans (platform): the topology's
	 * {@code deferredWork} alarms watch each one.
	 */
	private static final Map<String, List<String>> DEFERRED_WORK = Map.of("fulfillment-service",
			List.of("unstarted-fulfilments", "owed-invoices", "owed-warehouse-releases"), "notification-service",
			List.of("unsent-notifications"), "payment-service",
			List.of("pending-payment-attempts", "unreconciled-payment-attempts", "pending-refund-attempts",
					"unreconciled-refund-attempts"));

	private ServiceCatalog() {
	}

	public static List<ServiceSpec> services() {
		return SERVICES;
	}

	public static Optional<ServiceSpec> service(String name) {
		return SERVICES.stream().filter(service -> service.name().equals(name)).findFirst();
	}

	/**
	 * A deployable: one ECS service behind the load balancer on {@code port}, which reads its health on
	 * {@code /actuator/health/traffic} (the console's on {@code /actuator/health}: ADR 11).
	 * @param database its own database on the RDS instance, or {@code null}
	 * @param circuitBreakers its resilience4j circuit breakers (the topology's {@code circuitBreaker} alarms)
	 * @param readsCatalogReplica whether it serves the catalog: it is given the read replica's endpoint and the catalog
	 * cache's (and may reach the cache)
	 * @param backlog how it scales on its queues' backlog; {@code null} for a service that consumes no queue
	 */
	public record ServiceSpec(String name, int port, String database, Publications publishes,
			List<String> circuitBreakers, boolean readsCatalogReplica, BacklogTarget backlog, Observations observes) {

		public ServiceSpec {
			circuitBreakers = List.copyOf(circuitBreakers);
		}

		ServiceSpec(String name, int port, String database, Publications publishes, List<String> circuitBreakers,
				boolean readsCatalogReplica, BacklogTarget backlog) {
			this(name, port, database, publishes, circuitBreakers, readsCatalogReplica, backlog, Observations.NONE);
		}

		/** What it owes and does later from its database (the topology's {@code deferredWork} alarms). */
		public List<String> deferredWork() {
			return DEFERRED_WORK.getOrDefault(name, List.of());
		}

		/** A service that publishes does it through its transactional outbox (the topology's {@code outbox} alarms). */
		public boolean hasOutbox() {
			return !publishes.topics().isEmpty() || !publishes.queues().isEmpty() || !publishes.eventBuses().isEmpty();
		}
	}

	/**
	 * Where a service sends, beyond its own queues.
	 * @param queues queues it sends to that another service consumes
	 * @param stateMachines state machines it starts and whose task tokens it answers
	 * @param replaysFromBuses buses whose archive it replays
	 */
	public record Publications(List<String> topics, List<String> queues, List<String> eventBuses,
			List<String> stateMachines, List<String> replaysFromBuses) {

		public static final Publications NONE = new Publications(List.of(), List.of(), List.of(), List.of(), List.of());

		public Publications {
			topics = List.copyOf(topics);
			queues = List.copyOf(queues);
			eventBuses = List.copyOf(eventBuses);
			stateMachines = List.copyOf(stateMachines);
			replaysFromBuses = List.copyOf(replaysFromBuses);
		}
	}

	/**
	 * What a service only looks at (the console): every queue's depth, and the executions of some state machines.
	 */
	public record Observations(boolean queueDepths, List<String> stateMachineExecutions) {

		public static final Observations NONE = new Observations(false, List.of());

		public Observations {
			stateMachineExecutions = List.copyOf(stateMachineExecutions);
		}
	}

	/**
	 * Target tracking on backlog per task: a task can drain {@code acceptableLatencySeconds} ×
	 * {@code messagesPerSecondPerTask} messages within the acceptable latency, so that is the backlog each task may
	 * hold. More, and the service scales out (up to {@code maxTasks}); less, and it scales in (down to one).
	 */
	public record BacklogTarget(int acceptableLatencySeconds, double messagesPerSecondPerTask, int maxTasks) {

		public static final int MIN_TASKS = 1;

		public double messagesPerTask() {
			return acceptableLatencySeconds * messagesPerSecondPerTask;
		}
	}
}
