package io.securecart.fulfillment.shipment;

import java.time.Clock;

import io.securecart.fulfillment.shipment.FulfillmentStateMachine.EndedExecution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Ends the fulfilments whose execution ended without a word to this service. An execution reports its end through its
 * last step, Invoice or CancelShipments; it ends without either when an operator stops it, when it times out, or when
 * CancelShipments itself gives up (it has no Catch: this service was down for longer than its retries). The order
 * would stay {@code RUNNING} for ever, its stock reserved and its payment kept. Every {@code reconcile-interval}, the
 * fulfilments {@code RUNNING} for longer than {@code reconcile-after} are looked up in Step Functions, oldest first,
 * and those whose execution is over are compensated here, as CancelShipments would have done it: the shipments that
 * have not left are cancelled and FulfillmentFailed goes to the outbox, so inventory, payment, checkout and
 * notification undo their part; then the warehouse and the carrier are told ({@link WarehouseReleases}).
 */
@Component
class StuckFulfillments {

	private static final Logger log = LoggerFactory.getLogger(StuckFulfillments.class);

	private final OrderFulfillmentRepository fulfillments;

	private final FulfillmentStateMachine stateMachine;

	private final FulfillmentTasks tasks;

	private final FulfillmentProperties properties;

	private final Clock clock;

	private final WarehouseReleases releases;

	StuckFulfillments(OrderFulfillmentRepository fulfillments, FulfillmentStateMachine stateMachine,
			FulfillmentTasks tasks, FulfillmentProperties properties, Clock clock, WarehouseReleases releases) {
		this.fulfillments = fulfillments;
		this.stateMachine = stateMachine;
		this.tasks = tasks;
		this.properties = properties;
		this.clock = clock;
		this.releases = releases;
	}

	@Scheduled(fixedDelayString = "${securecart.fulfillment.reconcile-interval:1m}")
	void reconcile() {
		for (OrderFulfillment running : fulfillments.findTop50ByStatusAndCreatedAtBeforeOrderByCreatedAt(
				FulfillmentStatus.RUNNING, clock.instant().minus(properties.reconcileAfter()))) {
			try {
				stateMachine.endedUnsuccessfully(running.getExecutionArn())
					.ifPresent(ended -> compensate(running, ended));
			}
			catch (RuntimeException ex) {
				log.warn("Could not reconcile the fulfillment of order {} yet: {}", running.getOrderId(),
						ex.toString());
			}
		}
	}

	private void compensate(OrderFulfillment running, EndedExecution ended) {
		String error = StringUtils.hasText(ended.error()) ? ended.error() : "Execution." + ended.status();
		String cause = "The execution ended %s without reaching CancelShipments%s".formatted(ended.status(),
				StringUtils.hasText(ended.cause()) ? ": " + ended.cause() : "");
		if (tasks.compensateEndedExecution(running.getOrderId(), error, cause)) {
			log.warn("Fulfillment of order {} failed: its execution {} ended {} ({}) without reaching CancelShipments;"
					+ " compensated here", running.getOrderId(), running.getExecutionArn(), ended.status(), error);
			releases.afterCompensation(running.getOrderId());
		}
	}
}
