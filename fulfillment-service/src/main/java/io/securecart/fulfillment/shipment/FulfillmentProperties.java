package io.securecart.fulfillment.shipment;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.securecart.contracts.OrderLine;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this service runs fulfilment.
 *
 * @param stateMachine the Step Functions state machine to start, by name (declared in {@code infra/topology.json});
 * the service refuses to start when it does not exist
 * @param warehouses the declared rule that splits an order into shipments: each warehouse with the SKU prefixes it
 * stocks; the lines of each warehouse make one shipment
 * @param defaultWarehouse ships every SKU no warehouse claims
 * @param heartbeatInterval how often a step still at work tells Step Functions it is alive, and keeps its task message
 * invisible; well under the definition's {@code HeartbeatSeconds} and under the task queue's visibility timeout (30 s)
 * @param startRetryAfter how long a fulfilment may stay {@code STARTING} before a sweep starts its execution again
 * (a start lost when the service died after the commit)
 * @param maxInFlight how many fulfilments may be under way at once ({@code STARTING} or {@code RUNNING}), over all
 * instances; at that many, StockReserved waits in its queue ({@link FulfillmentAdmission}). The most: while steps are
 * slow, admission takes fewer, as many as the task workers serve within the machine's heartbeat
 * ({@link FulfillmentAdmission#limit}), and none while the steps waiting in the task queue would keep them busy half
 * of it ({@link FulfillmentAdmission#waitingLimit})
 * @param reconcileAfter how long a fulfilment may be {@code RUNNING} before Step Functions is asked whether its
 * execution ended without a word ({@link StuckFulfillments}); asking costs one request, so longer than most
 * executions take, not longer than a customer should wait for an answer
 */
@ConfigurationProperties("securecart.fulfillment")
record FulfillmentProperties(@DefaultValue("fulfillment") String stateMachine,
		@DefaultValue Map<String, List<String>> warehouses, @DefaultValue("central") String defaultWarehouse,
		@DefaultValue("20s") Duration heartbeatInterval, @DefaultValue("10s") Duration startRetryAfter,
		@DefaultValue("32") int maxInFlight, @DefaultValue("5m") Duration reconcileAfter) {

	/** The order's lines by the warehouse that ships them, warehouses in name order. */
	Map<String, List<OrderLine>> split(List<OrderLine> lines) {
		Map<String, List<OrderLine>> byWarehouse = new TreeMap<>();
		for (OrderLine line : lines) {
			byWarehouse.computeIfAbsent(warehouseOf(line.sku()), warehouse -> new java.util.ArrayList<>()).add(line);
		}
		return new LinkedHashMap<>(byWarehouse);
	}

	String warehouseOf(String sku) {
		return warehouses.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
			.filter(warehouse -> warehouse.getValue().stream().anyMatch(sku::startsWith))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse(defaultWarehouse);
	}
}
