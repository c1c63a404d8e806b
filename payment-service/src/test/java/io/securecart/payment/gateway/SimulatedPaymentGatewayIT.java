package io.securecart.payment.gateway;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.securecart.contracts.Money;
import io.securecart.payment.charge.PaymentIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The simulated gateway's books in PostgreSQL, as two payment-service instances (or one, restarted) see them: the
 * context's gateway and a second one built over the same database, each with its own settings and counts, as
 * {@code ./securecart up --scale payment=2} runs them. Before ADR 45's third amendment each kept its books in its
 * memory, and every test here failed. The cases it shares with {@code SimulatedPaymentGatewayTest}
 * ({@link SimulatedGatewayBooksCases}) run here over {@link JdbcSimulatedGatewayLedger}'s SQL.
 */
@PaymentIntegrationTest
class SimulatedPaymentGatewayIT extends SimulatedGatewayBooksCases {

	@Autowired
	private SimulatedPaymentGateway gateway;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private Clock clock;

	@Autowired
	private TransactionTemplate transactions;

	private SimulatedPaymentGateway otherInstance;

	@BeforeEach
	void twoInstancesOverOneDatabase() {
		gateway.apply(GatewaySettings.healthy());
		otherInstance = context.getAutowireCapableBeanFactory().createBean(SimulatedPaymentGateway.class);
		otherInstance.apply(GatewaySettings.healthy());
	}

	@AfterEach
	void leaveAHealthyGateway() {
		gateway.apply(GatewaySettings.healthy());
	}

	@Override
	SimulatedPaymentGateway gateway() {
		return gateway;
	}

	@Override
	SimulatedPaymentGateway restartedOverTheSameBooks() {
		return otherInstance;
	}

	@Test
	void aRefundMadeOnOneInstanceAndAskedForAgainOnAnotherIsNotMadeTwice() {
		String orderId = newOrderId();
		String charge = ((Authorization.Approved) gateway.authorize(orderId, "tok_visa", TOTAL)).chargeReference();
		String refundKey = "refund:" + orderId;
		RefundReceipt refund = gateway.refund(refundKey, charge, TOTAL);

		assertThatExceptionOfType(RefundRefusedException.class).as("a new key: the charge has nothing left")
			.isThrownBy(() -> otherInstance.refund(refundKey + ":1", charge, TOTAL))
			.withMessageContaining("cannot give back");
		assertThat(otherInstance.refund(refundKey, charge, TOTAL)).as("the same key: the first refund")
			.isEqualTo(refund);
		gateway.forgetKey(refundKey);
		assertThatExceptionOfType(RefundRefusedException.class).as("its key forgotten: a new refund, refused")
			.isThrownBy(() -> otherInstance.refund(refundKey, charge, TOTAL));

		assertThat(otherInstance.madeRefund(refund.refundReference(), refundKey, charge, TOTAL)).isTrue();
		assertThat(jdbc.sql("select count(*) from simulated_gateway_refund where charge_reference = :charge")
			.param("charge", charge)
			.query(Long.class)
			.single()).isOne();
	}

	@Test
	void twoRefundsOfOneChargeAtOnceOnTwoInstancesUnderTwoKeysGiveItBackOnce() {
		for (int round = 0; round < 10; round++) {
			String orderId = newOrderId();
			String charge = ((Authorization.Approved) gateway.authorize(orderId, "tok_visa", TOTAL)).chargeReference();

			assertThat(refundedAtOnceOnTwoInstances(orderId, charge)).as("round %d", round)
				.containsExactlyInAnyOrder(true, false);
		}
	}

	/**
	 * A charge the release before the books made, known by its sealed reference only: an order charged before the
	 * upgrade, or by an old instance during the rollout. Its refund adopts it into the books and is made once, on any
	 * instance; before, it was refused for good ("No charge"), and the refund set aside with no way out.
	 */
	@Test
	void aChargeOfThePreviousReleaseIsAdoptedByItsRefundAndGivenBackOnce() {
		String orderId = newOrderId();
		String sealed = previousReleaseCharge(orderId, TOTAL);
		String refundKey = "refund:" + orderId;

		RefundReceipt refund = gateway.refund(refundKey, sealed, TOTAL);

		assertThat(otherInstance.refund(refundKey, sealed, TOTAL)).as("the same key: the first refund")
			.isEqualTo(refund);
		assertThatExceptionOfType(RefundRefusedException.class).as("a new key: nothing left")
			.isThrownBy(() -> otherInstance.refund(refundKey + ":1", sealed, TOTAL))
			.withMessageContaining("cannot give back");
		assertThat(otherInstance.madeRefund(refund.refundReference(), refundKey, sealed, TOTAL)).isTrue();
		assertThat(gateway.madeCharge(sealed, orderId, TOTAL)).as("confirmed by no seal: its key is unknown").isFalse();
		Money largest = Money.of("9999999999.99");
		String longest = previousReleaseCharge(newOrderId(), largest);
		assertThat(longest).hasSizeGreaterThan(64);
		assertThat(gateway.refund("refund:" + newOrderId(), longest, largest).refundReference()).startsWith("re_");
	}

	@Test
	void aSealedReferenceWhoseSealDoesNotCheckOutIsAdoptedNeverAndLeavesNothing() {
		String orderId = newOrderId();
		String sealed = previousReleaseCharge(orderId, TOTAL);
		String moreThanCharged = sealed.replace("_39.98_", "_99.98_");
		String resealedElsewhere = sealed.substring(0, sealed.length() - 1) + (sealed.endsWith("0") ? "1" : "0");

		assertThatExceptionOfType(RefundRefusedException.class)
			.isThrownBy(() -> gateway.refund("refund:" + orderId, moreThanCharged, Money.of("99.98")))
			.withMessageContaining("No charge");
		assertThatExceptionOfType(RefundRefusedException.class)
			.isThrownBy(() -> gateway.refund("refund:" + orderId, resealedElsewhere, TOTAL));
		assertThatExceptionOfType(RefundRefusedException.class).as("in another currency: refused, nor adopted")
			.isThrownBy(() -> gateway.refund("refund:" + orderId, sealed, new Money(TOTAL.amount(), "EUR")));
		assertThat(jdbc.sql("select count(*) from simulated_gateway_charge where reference in (:references)")
			.param("references", List.of(sealed, moreThanCharged, resealedElsewhere))
			.query(Long.class)
			.single()).isZero();
		assertThat(gateway.refund("refund:" + orderId, sealed, TOTAL).refundReference()).as("its key unused")
			.startsWith("re_");
	}

	@Test
	void twoRefundsAdoptingOneChargeAtOnceOnTwoInstancesGiveItBackOnce() {
		for (int round = 0; round < 5; round++) {
			String orderId = newOrderId();

			assertThat(refundedAtOnceOnTwoInstances(orderId, previousReleaseCharge(orderId, TOTAL)))
				.as("round %d", round)
				.containsExactlyInAnyOrder(true, false);
		}
	}

	/**
	 * A charge of the previous release whose answer was not recorded, asked again at once on two instances of this
	 * one (a delivery on one, the sweep on another): one answer, its reference, and one row (ADR 45, fourth
	 * amendment). The key's row takes them in turn, as it did before that amendment, so this passes on the SQL before
	 * it too: it guards the answer, not the new statement, which
	 * {@link #aChargeOfThePreviousReleaseAskedUnderItsKeyWhileARefundAdoptsItIsThatChargeNowUnderItsKey} does.
	 */
	@Test
	void aChargeOfThePreviousReleaseAskedAgainAtOnceOnTwoInstancesIsBookedOnceUnderItsReference() {
		for (int round = 0; round < 5; round++) {
			String orderId = newOrderId();
			String sealed = previousReleaseCharge(orderId, TOTAL);

			assertThat(authorizedAtOnceOnTwoInstances(orderId)).as("round %d", round)
				.containsExactly(new Authorization.Approved(sealed), new Authorization.Approved(sealed));
			assertThat(jdbc.sql("select reference from simulated_gateway_charge where idempotency_key = :key")
				.param("key", orderId)
				.query(String.class)
				.list()).as("round %d", round).containsExactly(sealed);
		}
	}

	/**
	 * The one path of the fourth amendment two callers meet on the charge's row, not the key's: a refund adopting a
	 * charge of the previous release (no key) while its key is asked for the charge on another instance. The refund's
	 * transaction is held open after the adoption, until the charge's statement waits on the row it inserted; then
	 * the charge's insert finds the adopted row and gives it its key. One row, with its key and what the refund gave
	 * back, and the key's answer that reference on either instance. Before the {@code on conflict ... do update},
	 * the charge's insert failed on the reference's primary key.
	 */
	@Test
	void aChargeOfThePreviousReleaseAskedUnderItsKeyWhileARefundAdoptsItIsThatChargeNowUnderItsKey() throws Exception {
		String orderId = newOrderId();
		String sealed = previousReleaseCharge(orderId, TOTAL);
		String refundKey = "refund:" + orderId;
		CountDownLatch adopted = new CountDownLatch(1);
		CountDownLatch commit = new CountDownLatch(1);
		try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
			CompletableFuture<RefundReceipt> refund = CompletableFuture
				.supplyAsync(() -> transactions.execute(transaction -> {
					RefundReceipt receipt = gateway.refund(refundKey, sealed, Money.of("30.00"));
					adopted.countDown();
					awaitQuietly(commit);
					return receipt;
				}), threads);
			assertThat(adopted.await(10, TimeUnit.SECONDS)).as("adopted, not committed").isTrue();
			CompletableFuture<Authorization> charge = CompletableFuture
				.supplyAsync(() -> otherInstance.authorize(orderId, "tok_visa", TOTAL), threads);
			await().atMost(Duration.ofSeconds(10)).until(this::aChargeWaitsOnTheAdoptedRow);
			commit.countDown();

			assertThat(charge.get(10, TimeUnit.SECONDS)).isEqualTo(new Authorization.Approved(sealed));
			RefundReceipt receipt = refund.get(10, TimeUnit.SECONDS);
			assertThat(gateway.madeRefund(receipt.refundReference(), refundKey, sealed, Money.of("30.00"))).isTrue();
		}
		assertThat(jdbc.sql("select idempotency_key, refunded from simulated_gateway_charge where reference = :charge")
			.param("charge", sealed)
			.query((row, number) -> row.getString("idempotency_key") + " " + row.getBigDecimal("refunded"))
			.list()).containsExactly(orderId + " 30.00");
		assertThat(gateway.authorize(orderId, "tok_visa", TOTAL)).as("one answer on either instance")
			.isEqualTo(new Authorization.Approved(sealed));
		assertThat(gateway.madeCharge(sealed, orderId, TOTAL)).isTrue();
	}

	/**
	 * Two refunds of parts of a charge of the previous release, the first adopting it and holding its transaction
	 * open, the second on another instance finding nothing in the books and waiting on the adoption: the second is
	 * made too, from what the first left: the charge is looked at again after the second's adoption, not taken as
	 * refused.
	 */
	@Test
	void aPartRefundWaitingOnAnotherRefundsAdoptionOfTheChargeIsMadeFromWhatItLeft() throws Exception {
		String orderId = newOrderId();
		String sealed = previousReleaseCharge(orderId, TOTAL);
		CountDownLatch adopted = new CountDownLatch(1);
		CountDownLatch commit = new CountDownLatch(1);
		try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
			CompletableFuture<RefundReceipt> first = CompletableFuture
				.supplyAsync(() -> transactions.execute(transaction -> {
					RefundReceipt receipt = gateway.refund("refund:" + orderId, sealed, Money.of("30.00"));
					adopted.countDown();
					awaitQuietly(commit);
					return receipt;
				}), threads);
			assertThat(adopted.await(10, TimeUnit.SECONDS)).as("adopted, not committed").isTrue();
			CompletableFuture<RefundReceipt> second = CompletableFuture
				.supplyAsync(() -> otherInstance.refund("refund:" + orderId + ":1", sealed, Money.of("9.98")), threads);
			await().atMost(Duration.ofSeconds(10)).until(this::aChargeWaitsOnTheAdoptedRow);
			commit.countDown();

			assertThat(first.get(10, TimeUnit.SECONDS).refundReference()).startsWith("re_");
			assertThat(second.get(10, TimeUnit.SECONDS).refundReference()).startsWith("re_");
		}
		assertThat(jdbc.sql("select refunded from simulated_gateway_charge where reference = :charge")
			.param("charge", sealed)
			.query(BigDecimal.class)
			.single()).isEqualByComparingTo("39.98");
	}

	private boolean aChargeWaitsOnTheAdoptedRow() {
		return jdbc.sql("""
				select exists (select 1 from pg_stat_activity where datname = current_database()
				and wait_event_type = 'Lock' and query like '%insert into simulated_gateway_charge%')""")
			.query(Boolean.class)
			.single();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			if (!latch.await(20, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Not released");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private List<Authorization> authorizedAtOnceOnTwoInstances(String orderId) {
		try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
			CyclicBarrier together = new CyclicBarrier(2);
			List<CompletableFuture<Authorization>> charges = List.of(gateway, otherInstance)
				.stream()
				.map(instance -> CompletableFuture.supplyAsync(() -> {
					try {
						together.await();
						return instance.authorize(orderId, "tok_visa", TOTAL);
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}, threads))
				.toList();
			return charges.stream().map(CompletableFuture::join).toList();
		}
	}

	/** Whether each of two refunds of the whole charge, asked at once on two instances under two keys, was made. */
	private List<Boolean> refundedAtOnceOnTwoInstances(String orderId, String charge) {
		try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
			CyclicBarrier together = new CyclicBarrier(2);
			List<CompletableFuture<Boolean>> refunds = List.of(gateway, otherInstance)
				.stream()
				.map(instance -> CompletableFuture.supplyAsync(() -> {
					try {
						together.await();
						instance.refund("refund:" + orderId + ":" + UUID.randomUUID(), charge, TOTAL);
						return true;
					}
					catch (RefundRefusedException refused) {
						return false;
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}, threads))
				.toList();
			return refunds.stream().map(CompletableFuture::join).toList();
		}
	}

	/**
	 * An order may total 0.00 ({@code AuthorizationRequest.total} is zero or more): the simulator charges it, and its
	 * compensation refunds 0.00. V9's check refused a refund of zero, so it failed for ever and the order was never
	 * announced refunded.
	 */
	@Test
	void aChargeOfNothingIsRefundedWithARefundOfNothing() {
		Money nothing = Money.of("0.00");
		String orderId = newOrderId();
		String charge = ((Authorization.Approved) gateway.authorize(orderId, "tok_visa", nothing)).chargeReference();
		String refundKey = "refund:" + orderId;

		RefundReceipt refund = otherInstance.refund(refundKey, charge, nothing);

		assertThat(gateway.madeRefund(refund.refundReference(), refundKey, charge, nothing)).isTrue();
		assertThat(gateway.refund(refundKey, charge, nothing)).as("asked again: the same refund").isEqualTo(refund);
		assertThatExceptionOfType(DataIntegrityViolationException.class).as("never of less than nothing")
			.isThrownBy(() -> gateway.refund("refund:" + orderId + ":1", charge, Money.of("-0.01")));
	}

	/**
	 * What an admin settling a refund (or a charge) set aside is checked against: a reference built by the scheme the
	 * simulator once sealed its references with (a name-based UUID of a public string) names nothing in its books.
	 */
	@Test
	void aForgedWellFormedReferenceIsNotConfirmed() {
		String orderId = newOrderId();
		String charge = ((Authorization.Approved) gateway.authorize(orderId, "tok_visa", TOTAL)).chargeReference();
		String refundId = derivedId("refund:never-made-" + orderId);
		String forgedRefund = "re_" + refundId + "_" + seal("%s_%s_%s_%s".formatted(refundId, charge,
				TOTAL.amount().toPlainString(), TOTAL.currency()));
		String neverCharged = newOrderId();
		String chargeId = "%s_%s_%s".formatted(derivedId("charge:" + neverCharged), TOTAL.amount().toPlainString(),
				TOTAL.currency());
		String forgedCharge = "ch_" + chargeId + "_" + seal(chargeId);

		assertThat(gateway.madeRefundUnderAnyKey(forgedRefund, charge, TOTAL)).as("a refund never made").isFalse();
		assertThat(otherInstance.madeRefundUnderAnyKey(forgedRefund, charge, TOTAL)).isFalse();
		assertThat(gateway.madeCharge(forgedCharge, neverCharged, TOTAL)).as("a charge never made").isFalse();
		assertThat(gateway.refund("refund:" + orderId, charge, TOTAL).refundReference()).as("nothing was given back")
			.startsWith("re_");
	}

	/**
	 * A person's settlement may name any reference without a blank. One PostgreSQL refuses outright (a NUL byte) was
	 * a {@code DataIntegrityViolationException} from the lookup, so a 500 from {@code Payments.settle} and
	 * {@code Refunds.settleRefund} where a reference never made is a 422; none of the simulator's shapes, it is not
	 * looked up.
	 */
	@Test
	void aReferenceOfNoneOfItsShapesIsNotConfirmedNorLookedUp() {
		String orderId = newOrderId();
		String charge = ((Authorization.Approved) gateway.authorize(orderId, "tok_visa", TOTAL)).chargeReference();
		String refundKey = "refund:" + orderId;
		String refund = gateway.refund(refundKey, charge, TOTAL).refundReference();

		assertThat(gateway.madeCharge(charge + "\u0000", orderId, TOTAL)).isFalse();
		assertThat(gateway.madeCharge("ch_\u0000", orderId, TOTAL)).isFalse();
		assertThat(gateway.madeRefund(refund + "\u0000", refundKey, charge, TOTAL)).isFalse();
		assertThat(gateway.madeRefund(refund, refundKey, charge + "\u0000", TOTAL)).isFalse();
		assertThat(gateway.madeRefundUnderAnyKey("re_\u0000", charge, TOTAL)).isFalse();
		assertThat(gateway.madeRefundUnderAnyKey(refund, "\u0000", TOTAL)).isFalse();
		assertThatExceptionOfType(RefundRefusedException.class)
			.isThrownBy(() -> gateway.refund(refundKey + ":1", charge + "\u0000", TOTAL));
		assertThat(gateway.madeRefund(refund, refundKey, charge, TOTAL)).as("its own, still").isTrue();
	}

	@Test
	void aKeyAnsweredOnOneInstanceGetsItsFirstAnswerOnAnotherAndIsRefusedForAnotherCall() {
		String declined = newOrderId();
		Authorization first = gateway.authorize(declined, "tok_declined", TOTAL);
		String approved = newOrderId();
		Authorization charge = gateway.authorize(approved, "tok_visa", TOTAL);

		assertThatExceptionOfType(IdempotencyKeyReusedException.class).as("charged with another card: refused")
			.isThrownBy(() -> otherInstance.authorize(declined, "tok_visa", TOTAL));
		assertThatExceptionOfType(IdempotencyKeyReusedException.class).as("for a refund: refused")
			.isThrownBy(() -> otherInstance.refund(approved, ((Authorization.Approved) charge).chargeReference(),
					TOTAL));
		assertThat(otherInstance.authorize(declined, "tok_declined", TOTAL)).isEqualTo(first);
		assertThat(otherInstance.authorize(approved, "tok_visa", TOTAL)).as("one charge, not two").isEqualTo(charge);
	}

	@Test
	void forgetsTheKeysOlderThanTheRetentionAndKeepsTheBooks() {
		String orderId = newOrderId();
		String charge = ((Authorization.Approved) gateway.authorize(orderId, "tok_visa", TOTAL)).chargeReference();
		String recent = newOrderId();
		Authorization recentAnswer = gateway.authorize(recent, "tok_visa", TOTAL);
		jdbc.sql("update simulated_gateway_key set answered_at = :longAgo where idempotency_key = :key")
			.param("longAgo", Timestamp.from(clock.instant().minus(Duration.ofHours(25))))
			.param("key", orderId)
			.update();

		context.getBean(JdbcSimulatedGatewayLedger.class).forgetOldKeys();

		assertThat(jdbc.sql("select count(*) from simulated_gateway_key where idempotency_key in (:keys)")
			.param("keys", List.of(orderId, recent))
			.query(Long.class)
			.single()).as("the recent key only").isOne();
		assertThat(otherInstance.authorize(recent, "tok_visa", TOTAL)).isEqualTo(recentAnswer);
		assertThat(gateway.madeCharge(charge, orderId, TOTAL)).as("the charge stays in the books").isTrue();
		assertThat(gateway.authorize(orderId, "tok_visa", TOTAL)).as("a new call: a new charge")
			.isNotEqualTo(new Authorization.Approved(charge));
	}

	private static String seal(String sealed) {
		return derivedId("simulated-gateway-seal:" + sealed).substring(0, 12);
	}
}
