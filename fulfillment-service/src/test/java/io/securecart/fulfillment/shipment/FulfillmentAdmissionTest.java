package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.event.ContextClosedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/** How much room the StockReserved listener gets, when Step Functions is asked, and when another execution may start. */
class FulfillmentAdmissionTest {

	private final FulfillmentStateMachine stateMachine = mock();

	private final MessageListenerContainerRegistry containers = mock();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T19:00:00Z"));

	private final Clock clock = mock();

	private final FulfillmentAdmission admission = new FulfillmentAdmission(stateMachine, containers,
			new FulfillmentProperties("fulfillment", Map.of(), "central", Duration.ofSeconds(20), Duration.ofSeconds(10),
					3, Duration.ofMinutes(5)),
			meters, clock);

	@BeforeEach
	void listenersRun() {
		given(containers.isRunning()).willReturn(true);
		given(clock.instant()).willAnswer(invocation -> now.get());
	}

	@Test
	void theListenerMayTakeAsManyOrdersAsTheMostLessThoseRunning() {
		given(stateMachine.runningExecutions()).willReturn(2L);

		admission.admit();

		assertThat(admission.room()).isOne();
		assertThat(meters.get("securecart.fulfillment.in.flight").gauge().value()).isEqualTo(2);
	}

	@Test
	void atTheMostRunningTheListenerMayTakeNone() {
		given(stateMachine.runningExecutions()).willReturn(3L, 5L);

		admission.admit();
		assertThat(admission.room()).isZero();

		second();
		admission.admit();
		assertThat(admission.room()).as("more than the most: other instances, or a lower bound since").isZero();
	}

	@Test
	void theListenerMayTakeOrdersAgainOnceACountFindsOneFinished() {
		given(stateMachine.runningExecutions()).willReturn(3L, 2L);
		admission.admit();

		second();
		admission.admit();

		assertThat(admission.room()).isOne();
	}

	@Test
	void executionsStartedSinceTheCountTakeRoomUntilTheNextCount() {
		given(stateMachine.runningExecutions()).willReturn(1L, 3L);
		admission.admit();

		assertThat(admission.mayStartAnother()).isTrue();
		admission.startAnswered();

		assertThat(admission.room()).isOne();
		second();
		admission.admit();
		assertThat(admission.room()).as("the count now includes it").isZero();
	}

	@Test
	void aStartStillUnderWayWhenStepFunctionsCountsKeepsItsRoom() {
		given(stateMachine.runningExecutions()).willReturn(1L, 1L, 2L);
		admission.admit();
		assertThat(admission.mayStartAnother()).isTrue();

		second();
		admission.admit();
		assertThat(admission.room()).as("StartExecution has not answered: the count cannot include it").isOne();

		admission.startAnswered();
		second();
		admission.admit();
		assertThat(admission.room()).as("counted now, and only once").isOne();
	}

	@Test
	void aStartAnsweredWhileStepFunctionsCountsIsNotLostWhenTheCountMissesIt() {
		given(stateMachine.runningExecutions()).willReturn(1L).willAnswer(counting -> {
			admission.startAnswered(); // answered while the count was being made, and not in it
			return 1L;
		});
		admission.admit();
		assertThat(admission.mayStartAnother()).isTrue();

		second();
		admission.admit();

		assertThat(admission.room()).isOne();
	}

	@Test
	void anExecutionThatEndsHereFreesItsRoomBeforeTheNextCount() {
		given(stateMachine.runningExecutions()).willReturn(3L, 2L);
		admission.admit();
		assertThat(admission.mayStartAnother()).isFalse();

		admission.executionEnded();

		assertThat(admission.room()).isOne();
		assertThat(admission.mayStartAnother()).isTrue();
		assertThat(admission.room()).isZero();
		admission.startAnswered();
		second();
		admission.admit();
		assertThat(admission.room()).as("the count no longer includes the one that ended").isOne();
	}

	@Test
	void theGateInFrontOfTheListenerIsStockReservedsAndGrantsTheRoom() throws InterruptedException {
		given(stateMachine.runningExecutions()).willReturn(1L);
		admission.admit();

		assertThat(admission.gate().listenerId()).isEqualTo(StockReservedListener.ID);
		assertThat(admission.gate().request(10)).isEqualTo(2);
	}

	@Test
	void startsAnotherExecutionOnlyWhileTheCountAndTheStartsSinceAreFewerThanTheMost() {
		given(stateMachine.runningExecutions()).willReturn(1L, 3L, 0L);
		admission.admit();

		assertThat(admission.mayStartAnother()).isTrue();
		assertThat(admission.mayStartAnother()).isTrue();
		assertThat(admission.mayStartAnother()).as("1 running and 2 started since the count").isFalse();
		admission.startAnswered();
		admission.startAnswered();

		admission.admit();
		assertThat(admission.mayStartAnother()).as("3 running").isFalse();

		admission.admit();
		assertThat(admission.mayStartAnother()).as("none running any more").isTrue();
	}

	@Test
	void whileNothingRunsAndItStartsNothingItCountsOnlyOnceAQuietInterval() {
		given(stateMachine.runningExecutions()).willReturn(0L);
		admission.admit();
		second();
		admission.admit();
		second();
		admission.admit();
		verify(stateMachine, times(1)).runningExecutions();

		now.set(now.get().plus(FulfillmentAdmission.QUIET_RECOUNT));
		admission.admit();

		verify(stateMachine, times(2)).runningExecutions();
	}

	@Test
	void aQuietInstanceThatStartsOneCountsAtTheNextRound() {
		given(stateMachine.runningExecutions()).willReturn(0L, 1L);
		admission.admit();

		assertThat(admission.mayStartAnother()).isTrue();
		admission.startAnswered();
		second();
		admission.admit();

		verify(stateMachine, times(2)).runningExecutions();
		assertThat(meters.get("securecart.fulfillment.in.flight").gauge().value()).isEqualTo(1);
	}

	@Test
	void keepsCountingEveryRoundWhileExecutionsRunUntilNoneDo() {
		given(stateMachine.runningExecutions()).willReturn(2L, 1L, 0L);
		admission.admit();
		second();
		admission.admit();
		second();
		admission.admit();
		second();
		admission.admit();

		verify(stateMachine, times(3)).runningExecutions();
	}

	private void second() {
		now.set(now.get().plusSeconds(1));
	}

	@Test
	void leavesTheListenersToTheContextWhileItStartsOrStops() {
		given(stateMachine.runningExecutions()).willReturn(9L);
		admission.onApplicationEvent(mock(ContextClosedEvent.class));

		admission.admit();

		verify(stateMachine, never()).runningExecutions();
	}
}
