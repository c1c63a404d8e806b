package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.StockReserved;
import io.securecart.platform.inbox.Inbox;
import io.securecart.platform.tracing.MessageTracing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** What happens to a fulfilment admission holds back: it starts as soon as there is room, oldest first. */
class OrderFulfillmentsTest {

	private static final Instant NOW = Instant.parse("2026-12-01T21:00:00Z");

	private final FulfillmentStateMachine stateMachine = mock();

	private final OrderFulfillmentRepository fulfillments = mock();

	private final MessageListenerContainerRegistry containers = mock();

	private final FulfillmentProperties properties = new FulfillmentProperties("fulfillment", Map.of(), "central",
			Duration.ofSeconds(20), Duration.ofMinutes(10), 2, Duration.ofMinutes(5));

	private final FulfillmentAdmission admission = new FulfillmentAdmission(stateMachine, containers,
			properties, new StepDurations(new SimpleMeterRegistry()), mock(WaitingSteps.class),
			mock(WorkerLeases.class), new SimpleMeterRegistry(), Clock.fixed(NOW, ZoneOffset.UTC),
			Duration.ofSeconds(1));

	private final OrderFulfillments orderFulfillments = new OrderFulfillments(fulfillments, stateMachine, admission,
			mock(Inbox.class), mock(TransactionTemplate.class), properties, JsonMapper.builder().build(),
			mock(MessageTracing.class), Clock.fixed(NOW, ZoneOffset.UTC));

	@BeforeEach
	void listenersRun() {
		given(containers.isRunning()).willReturn(true);
		// The admission admits nothing before it tried to renew its lease with its task workers known.
		willReturn(new SqsMessageListenerContainer<>(mock(SqsAsyncClient.class),
				SqsContainerOptions.builder().maxConcurrentMessages(10).build()))
			.given(containers)
			.getContainerById(WorkflowTasksListener.ID);
	}

	@Test
	void startsAtOnceWhileThereIsRoom() {
		UUID order = starting();
		running(1);

		orderFulfillments.start(order);

		verify(stateMachine).start(eq(order), anyString());
	}

	@Test
	void aHeldBackFulfilmentStartsOnceOneFinishesWithoutWaitingForTheSweep() {
		UUID order = starting();
		running(2);

		orderFulfillments.start(order);
		orderFulfillments.startHeldBack();
		verify(stateMachine, never()).start(eq(order), anyString());

		running(1);
		orderFulfillments.startHeldBack();

		verify(stateMachine).start(eq(order), anyString());
	}

	@Test
	void heldBackFulfilmentsStartOldestFirstAsRoomAllows() {
		UUID older = starting();
		UUID newer = starting();
		running(2);
		orderFulfillments.start(older);
		orderFulfillments.start(newer);

		running(1);
		orderFulfillments.startHeldBack();

		verify(stateMachine).start(eq(older), anyString());
		verify(stateMachine, never()).start(eq(newer), anyString());

		running(1);
		orderFulfillments.startHeldBack();

		verify(stateMachine).start(eq(newer), anyString());
	}

	@Test
	void aHeldBackFulfilmentThatStartedMeanwhileIsNotStartedAgain() {
		UUID order = starting();
		running(2);
		orderFulfillments.start(order);
		OrderFulfillment started = fulfillment(order);
		started.executionStarted("arn:aws:states:us-east-1:000000000000:execution:fulfillment:" + order);
		given(fulfillments.findById(order)).willReturn(Optional.of(started));

		running(0);
		orderFulfillments.startHeldBack();

		verify(stateMachine, never()).start(eq(order), anyString());
	}

	@Test
	void aStartStepFunctionsRefusesIsLeftToTheSweepAndTheEventIsNotFailed() {
		UUID order = starting();
		running(1);
		given(stateMachine.start(eq(order), anyString()))
			.willThrow(SfnException.builder().message("Service Unavailable").statusCode(503).build());

		assertThatCode(() -> orderFulfillments.stockReserved(new StockReserved(UUID.randomUUID(), order, "alice",
				List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.00"))), NOW))).doesNotThrowAnyException();

		verify(stateMachine).start(eq(order), anyString());
	}

	private UUID starting() {
		UUID order = UUID.randomUUID();
		given(fulfillments.findById(order)).willReturn(Optional.of(fulfillment(order)));
		given(stateMachine.start(eq(order), anyString()))
			.willReturn("arn:aws:states:us-east-1:000000000000:execution:fulfillment:" + order);
		return order;
	}

	private static OrderFulfillment fulfillment(UUID order) {
		return new OrderFulfillment(order, "alice", List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.00"))), NOW);
	}

	/** What Step Functions counts at admission's next check. */
	private void running(long executions) {
		given(stateMachine.runningExecutions()).willReturn(executions);
		admission.admit();
	}
}
