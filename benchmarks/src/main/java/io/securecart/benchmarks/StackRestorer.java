package io.securecart.benchmarks;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Leaves the stack as the run found it: the same services running, in the same modes (checkout's payment mode,
 * inventory's replica switch), the gateway's settings as they were, and the stock of the benchmark's SKU as it was
 * (the run tops it up, so that no benchmark order is cancelled for want of stock). Runs once: at the end of the run,
 * or from a shutdown hook when the run is interrupted (Ctrl-C).
 */
final class StackRestorer {

	private static final Logger log = LoggerFactory.getLogger(StackRestorer.class);

	private static final int TOP_UP = 1_000_000;

	/** A count the run's orders keep overtaking is tried this many times. */
	private static final int COUNT_ATTEMPTS = 5;

	private final Run run;

	private final Stack stack;

	private final Optional<JsonNode> gateway;

	private final Map<String, Optional<String>> variables;

	private final Optional<Integer> stock;

	private final AtomicBoolean restored = new AtomicBoolean();

	/** Remembers how things are now, and sets this run's variables to the same. */
	StackRestorer(Run run) {
		this.run = run;
		this.stack = run.stack();
		this.gateway = stack.gateway();
		this.variables = Map.of(SlowPaymentScenario.MODE_VARIABLE,
				stack.environmentOf("checkout", SlowPaymentScenario.MODE_VARIABLE), CatalogScenario.REPLICA_VARIABLE,
				stack.environmentOf("inventory", CatalogScenario.REPLICA_VARIABLE));
		variables.forEach((name, value) -> run.setVariable(name, value.orElse(null)));
		this.stock = Json.get(stack.url("inventory") + "/api/catalog/products/" + Run.SKU)
			.map(product -> product.path("availableStock").asInt());
	}

	/** Tops up the benchmark SKU's stock. */
	void prepare() {
		stock.ifPresent(available -> setStock(available + TOP_UP));
	}

	void restore() {
		if (!restored.compareAndSet(false, true)) {
			return;
		}
		log.info("restoring the stack as it was");
		try {
			variables.forEach((name, value) -> run.setVariable(name, value.orElse(null)));
			if (!stack.environmentOf("checkout", SlowPaymentScenario.MODE_VARIABLE)
				.equals(variables.get(SlowPaymentScenario.MODE_VARIABLE))) {
				run.restart("checkout");
			}
			if (!stack.environmentOf("inventory", CatalogScenario.REPLICA_VARIABLE)
				.equals(variables.get(CatalogScenario.REPLICA_VARIABLE))) {
				run.restart("inventory");
			}
			if (!stack.notUp().isEmpty()) {
				run.startMissing();
			}
			gateway.ifPresent(settings -> stack.setGateway(Map.of("latency", settings.path("latency").asString(),
					"outage", settings.path("outage").asBoolean(), "transientFailureRate",
					settings.path("transientFailureRate").asDouble())));
			stock.ifPresent(this::setStock);
		}
		catch (RuntimeException ex) {
			log.warn("could not restore everything: {}; ./securecart status shows what runs", ex.getMessage());
		}
	}

	/**
	 * A stock count names the version of the product it was made against (If-Match, ADR 41), and the run's own orders
	 * move the product all along: a count that meets a newer version (412) reads the product again, with the
	 * refusal's Consistency-Token so that the read includes that version, and counts again.
	 */
	private void setStock(int stockOnHand) {
		String product = stack.url("inventory") + "/api/catalog/products/" + Run.SKU;
		Map<String, String> readAfter = Map.of();
		for (int attempt = 1; attempt <= COUNT_ATTEMPTS; attempt++) {
			Optional<String> etag = Json.exchange("GET", product, readAfter, null).header("ETag");
			if (etag.isEmpty()) {
				break;
			}
			Json.Answer counted = Json.exchange("PUT", product + "/stock", Map.of("If-Match", etag.get()),
					Map.of("stockOnHand", stockOnHand));
			if (counted.status() / 100 == 2) {
				return;
			}
			Optional<String> token = counted.header("Consistency-Token");
			if (counted.status() != 412 || token.isEmpty()) {
				break;
			}
			readAfter = Map.of("Consistency-Token", token.get());
		}
		log.warn("could not set the stock of {} to {}", Run.SKU, stockOnHand);
	}
}
