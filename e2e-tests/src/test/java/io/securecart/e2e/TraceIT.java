package io.securecart.e2e;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.securecart.contracts.MessagingNames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tier 4: an order is one trace, read back from Zipkin as {@code ./securecart trace} reads it (spans tagged
 * {@code orderId}). The trace context travels with the outbox row, the relay's message attributes (SQS, SNS), the
 * EventBridge detail and the Step Functions task messages (docs/adr/0008-trace-context-rides-with-the-outbox-row.md).
 */
class TraceIT {

	private static final Set<String> FIVE_SERVICES = Set.of("checkout-service", "payment-service",
			"inventory-service", "fulfillment-service", "notification-service");

	/** The workflow's steps for a one-parcel order: ValidateOrder, Pick, Pack, Ship, Invoice. */
	private static final int WORKFLOW_TASKS = 5;

	/** Spans reach Zipkin in batches (every 5 s by default) after the work. */
	private static final Duration EXPORTED = Duration.ofSeconds(40);

	private static RunningSystem system;

	private static Shopper shopper;

	@BeforeAll
	static void startSystem() {
		system = RunningSystem.get();
		shopper = new Shopper(system);
	}

	@Test
	void aShippedOrderIsOneTraceFromTheRequestThroughAllFiveServicesAndItsWorkflow() {
		Shopper.Response placed = shopper.placeOrder(system.newCustomer(), "tok_visa", "SC-MUG-002", 1);
		assertThat(shopper.awaitTerminal(placed.orderId()).path("status").asString()).isEqualTo("SHIPPED");

		List<JsonNode> trace = await("the trace of order " + placed.orderId() + " in Zipkin").atMost(EXPORTED)
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> orderTrace(placed.orderId()), spans -> spans.isPresent()
					&& services(spans.get()).containsAll(FIVE_SERVICES)
					&& receivedFrom(spans.get(), "fulfillment-tasks").size() >= WORKFLOW_TASKS)
			.orElseThrow();

		assertThat(trace).extracting(span -> span.path("traceId").asString()).as("one trace id").containsOnly(
				trace.getFirst().path("traceId").asString());
		JsonNode request = single(trace, span -> serviceOf(span).equals("checkout-service")
				&& span.path("kind").asString().equals("SERVER") && span.path("name").asString().contains("post"));
		assertThat(request.path("parentId").isMissingNode()).as("the customer's request is the root").isTrue();
		// Spring Security's own observations are off (ObservabilityDefaults): no filter chain, authentication or
		// authorization spans below the request.
		assertThat(trace).extracting(span -> span.path("name").asString())
			.noneMatch(name -> name.startsWith("security filterchain") || name.startsWith("authenticate ")
					|| name.startsWith("authorize ") || name.equals("secured request"));
		// The relay's span continues the span that wrote the row, and the listener's continues the relay's.
		JsonNode relayed = single(trace, span -> span.path("kind").asString().equals("PRODUCER")
				&& span.path("name").asString().equals("publish orderplaced")
				&& span.path("remoteEndpoint").path("serviceName").asString().equals("sqs"));
		assertThat(ancestors(trace, relayed)).as("the relay's span descends from the request").contains(request);
		JsonNode paid = single(trace, span -> serviceOf(span).equals("payment-service")
				&& span.path("name").asString().equals("orders.fifo receive"));
		assertThat(paid.path("parentId").asString()).isEqualTo(relayed.path("id").asString());
		// Every workflow task's worker span is in it, below the listener that started the execution.
		assertThat(receivedFrom(trace, "fulfillment-tasks")).hasSizeGreaterThanOrEqualTo(WORKFLOW_TASKS)
			.allSatisfy(task -> assertThat(serviceOf(task)).isEqualTo("fulfillment-service"))
			.allSatisfy(task -> assertThat(ancestors(trace, task)).contains(request));
		assertThat(trace).filteredOn(span -> serviceOf(span).equals("notification-service"))
			.as("the customer is told, in the same trace")
			.isNotEmpty();
		// The stock-level change the order's reservation caused is in the trace too, but it is about a product, not an
		// order (AvailableStockChanged, ADR 15): it names no order.
		assertThat(trace)
			.filteredOn(span -> span.path("name").asString().endsWith(" receive") && !span.path("tags")
				.path("messaging.source.name")
				.asString()
				.equals(MessagingNames.STOCK_LEVEL_CHANGES_QUEUE))
			.as("every listener's span of an order event names its order")
			.allSatisfy(span -> assertThat(span.path("tags").path("orderId").asString()).isEqualTo(placed.orderId()));
	}

	@Test
	void aHighValueOrderScreenedThroughEventBridgeStaysInTheOrdersTrace() {
		Shopper.Response placed = shopper.placeOrder(system.newCustomer(), "tok_visa", "SC-WORKSTATION-007", 1);
		assertThat(placed.body().path("status").asString()).isEqualTo("SCREENING");
		assertThat(shopper.awaitTerminal(placed.orderId()).path("status").asString()).isEqualTo("SHIPPED");

		List<JsonNode> trace = await("the trace of order " + placed.orderId() + " in Zipkin").atMost(EXPORTED)
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> orderTrace(placed.orderId()), spans -> spans.isPresent()
					&& services(spans.get()).containsAll(FIVE_SERVICES)
					&& !receivedFrom(spans.get(), "fraud-screening").isEmpty()
					&& receivedFrom(spans.get(), "fulfillment-tasks").size() >= WORKFLOW_TASKS)
			.orElseThrow();

		JsonNode onTheBus = single(trace, span -> span.path("kind").asString().equals("PRODUCER")
				&& span.path("remoteEndpoint").path("serviceName").asString().equals("eventbridge"));
		assertThat(serviceOf(onTheBus)).isEqualTo("checkout-service");
		JsonNode screened = single(trace, span -> span.path("name").asString().equals("fraud-screening receive"));
		assertThat(serviceOf(screened)).isEqualTo("payment-service");
		assertThat(screened.path("parentId").asString()).as("the rule's delivery continues the bus's span")
			.isEqualTo(onTheBus.path("id").asString());
		assertThat(screened.path("tags").path("orderId").asString()).isEqualTo(placed.orderId());
	}

	/** The order's trace: of the traces with a span tagged with the order, the one its placing request began. */
	private static Optional<List<JsonNode>> orderTrace(String orderId) {
		return system.traces()
			.tracesOf(orderId)
			.stream()
			.filter(spans -> spans.stream().anyMatch(span -> span.path("name").asString().equals("publish orderplaced")))
			.max(Comparator.comparingInt(List::size));
	}

	private static Set<String> services(List<JsonNode> spans) {
		return spans.stream().map(TraceIT::serviceOf).collect(Collectors.toSet());
	}

	private static List<JsonNode> receivedFrom(List<JsonNode> spans, String queue) {
		return spans.stream().filter(span -> span.path("name").asString().equals(queue + " receive")).toList();
	}

	private static String serviceOf(JsonNode span) {
		return span.path("localEndpoint").path("serviceName").asString();
	}

	private static JsonNode single(List<JsonNode> spans, java.util.function.Predicate<JsonNode> which) {
		List<JsonNode> matching = spans.stream().filter(which).toList();
		assertThat(matching).as("spans matching in %s", names(spans)).hasSize(1);
		return matching.getFirst();
	}

	private static List<JsonNode> ancestors(List<JsonNode> spans, JsonNode span) {
		List<JsonNode> ancestors = new java.util.ArrayList<>();
		JsonNode current = span;
		while (current != null && current.hasNonNull("parentId")) {
			String parentId = current.path("parentId").asString();
			current = spans.stream().filter(each -> each.path("id").asString().equals(parentId)).findFirst().orElse(null);
			if (current != null) {
				ancestors.add(current);
			}
		}
		return ancestors;
	}

	private static List<String> names(List<JsonNode> spans) {
		return spans.stream().map(span -> serviceOf(span) + ":" + span.path("name").asString()).sorted().toList();
	}
}
