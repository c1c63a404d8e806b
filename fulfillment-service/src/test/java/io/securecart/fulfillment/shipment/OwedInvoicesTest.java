package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.transaction.PlatformTransactionManager;

import static io.securecart.fulfillment.shipment.FulfillmentFixtures.shippedWithoutInvoice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willCallRealMethod;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** The invoices shipped orders still owe: issued once, and a failure never stops the round. */
class OwedInvoicesTest {

	private static final Instant NOW = Instant.parse("2026-12-06T01:00:00Z");

	private static final Instant SHIPPED_BEFORE = NOW.minus(Duration.ofMinutes(5));

	private final OrderFulfillmentRepository fulfillments = mock();

	private final Warehouse warehouse = mock();

	private final FulfillmentProperties properties = new FulfillmentProperties("fulfillment", Map.of(), "central",
			Duration.ofSeconds(20), Duration.ofSeconds(10), 32, Duration.ofMinutes(5));

	private final OwedInvoices owedInvoices = new OwedInvoices(fulfillments, warehouse, properties,
			Clock.fixed(NOW, ZoneOffset.UTC), mock(PlatformTransactionManager.class));

	@Test
	void issuesTheInvoiceAndSavesItUnderTheVersionRead() {
		OrderFulfillment owing = shippedWithoutInvoice(SHIPPED_BEFORE);
		given(fulfillments.findById(owing.getOrderId())).willReturn(Optional.of(owing));
		given(warehouse.invoice(eq(owing.getOrderId()), any())).willReturn("INV-7");

		assertThat(owedInvoices.issue(owing.getOrderId())).contains("INV-7");

		verify(fulfillments).saveProgress(owing);
		assertThat(owing.getInvoiceNumber()).isEqualTo("INV-7");
	}

	@Test
	void anInvoiceTheInvoiceStepIssuedMeanwhileIsNoFailure() {
		OrderFulfillment read = shippedWithoutInvoice(SHIPPED_BEFORE);
		OrderFulfillment invoicedMeanwhile = shippedWithoutInvoice(SHIPPED_BEFORE);
		invoicedMeanwhile.invoiced("INV-1");
		given(fulfillments.findById(read.getOrderId())).willReturn(Optional.of(read), Optional.of(invoicedMeanwhile));
		given(warehouse.invoice(eq(read.getOrderId()), any())).willReturn("INV-2");
		willThrow(new OptimisticLockingFailureException("changed")).given(fulfillments).saveProgress(read);

		assertThat(owedInvoices.issue(read.getOrderId())).isEmpty();
	}

	@Test
	void anInvoiceThatFailsGoesToTheBackOfTheLineAndTheRoundGoesOn() {
		OrderFulfillment refused = shippedWithoutInvoice(SHIPPED_BEFORE);
		OrderFulfillment next = shippedWithoutInvoice(SHIPPED_BEFORE);
		given(fulfillments.findOwingInvoice(SHIPPED_BEFORE))
			.willReturn(List.of(refused.getOrderId(), next.getOrderId()));
		given(fulfillments.findById(refused.getOrderId())).willReturn(Optional.of(refused));
		given(fulfillments.findById(next.getOrderId())).willReturn(Optional.of(next));
		willThrow(new IllegalStateException("billing down")).given(warehouse).invoice(eq(refused.getOrderId()), any());
		given(warehouse.invoice(eq(next.getOrderId()), any())).willReturn("INV-8");

		owedInvoices.issueOwed();

		verify(fulfillments).owedWorkFailed(refused.getOrderId(), NOW);
		verify(fulfillments, never()).saveProgress(refused);
		verify(fulfillments).saveProgress(next);
	}

	@Test
	void aFailedAttemptThatCannotBeRecordedKeepsItsPlaceWithoutFailingTheRound() {
		OrderFulfillment owing = shippedWithoutInvoice(SHIPPED_BEFORE);
		willCallRealMethod().given(fulfillments).owedWorkFailed(any(), any());
		willThrow(new QueryTimeoutException("database slow")).given(fulfillments)
			.owedWorkAttempted(owing.getOrderId(), NOW);

		assertThatNoException().isThrownBy(() -> fulfillments.owedWorkFailed(owing.getOrderId(), NOW));
		verify(fulfillments).owedWorkAttempted(owing.getOrderId(), NOW);
	}
}
