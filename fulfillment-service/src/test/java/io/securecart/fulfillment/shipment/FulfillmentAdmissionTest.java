package io.securecart.fulfillment.shipment;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;

import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securecart.platform.messaging.ListenerPauses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.event.ContextClosedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** When the StockReserved listener is held back and let go, by the count of fulfilments under way. */
class FulfillmentAdmissionTest {

	private final OrderFulfillmentRepository fulfillments = mock();

	private final MessageListenerContainerRegistry containers = mock();

	private final ListenerPauses pauses = mock();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final FulfillmentAdmission admission = new FulfillmentAdmission(fulfillments, containers, pauses,
			new FulfillmentProperties("fulfillment", Map.of(), "central", Duration.ofSeconds(20), Duration.ofSeconds(10),
					3),
			meters);

	@BeforeEach
	void listenersRun() {
		given(containers.isRunning()).willReturn(true);
	}

	@Test
	void takesOrdersWhileFewerThanTheMostAreUnderWay() {
		given(fulfillments.countByStatusIn(FulfillmentAdmission.UNDER_WAY)).willReturn(2L);

		admission.admit();

		verify(pauses, never()).pause(anyString(), anyString(), anyString());
		assertThat(meters.get("securecart.fulfillment.in.flight").gauge().value()).isEqualTo(2);
	}

	@Test
	void holdsStockReservedBackOnceTheMostAreUnderWayWithTheReason() {
		given(fulfillments.countByStatusIn(FulfillmentAdmission.UNDER_WAY)).willReturn(3L);

		admission.admit();

		verify(pauses).pause(StockReservedListener.ID, FulfillmentAdmission.HOLDER,
				"3 fulfilments under way, at most 3");
	}

	@Test
	void letsGoOfItsHoldOnceOneFinishes() {
		given(pauses.isPausedBy(StockReservedListener.ID, FulfillmentAdmission.HOLDER)).willReturn(true);
		given(fulfillments.countByStatusIn(FulfillmentAdmission.UNDER_WAY)).willReturn(2L);

		admission.admit();

		verify(pauses).resume(StockReservedListener.ID, FulfillmentAdmission.HOLDER);
	}

	@Test
	void keepsItsHoldWhileTheMostAreStillUnderWay() {
		given(pauses.isPausedBy(StockReservedListener.ID, FulfillmentAdmission.HOLDER)).willReturn(true);
		given(fulfillments.countByStatusIn(FulfillmentAdmission.UNDER_WAY)).willReturn(5L);

		admission.admit();

		verify(pauses, never()).resume(anyString(), anyString());
		verify(pauses, never()).pause(anyString(), anyString(), anyString());
	}

	@Test
	void startsAnotherExecutionOnlyWhileFewerThanTheMostRun() {
		given(fulfillments.countByStatusIn(EnumSet.of(FulfillmentStatus.RUNNING))).willReturn(2L, 3L);

		assertThat(admission.mayStartAnother()).isTrue();
		assertThat(admission.mayStartAnother()).isFalse();
	}

	@Test
	void leavesTheListenersToTheContextWhileItStartsOrStops() {
		given(fulfillments.countByStatusIn(FulfillmentAdmission.UNDER_WAY)).willReturn(9L);
		admission.onApplicationEvent(mock(ContextClosedEvent.class));

		admission.admit();

		verify(pauses, never()).pause(any(), any(), any());
		verify(fulfillments, never()).countByStatusIn(eq(FulfillmentAdmission.UNDER_WAY));
	}
}
