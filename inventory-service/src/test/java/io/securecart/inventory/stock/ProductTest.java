package io.securecart.inventory.stock;

import java.math.BigDecimal;

import io.securecart.contracts.Money;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ProductTest {

	@Test
	void availableStockIsStockOnHandNotReserved() {
		Product mug = product(10);

		mug.reserve(3);

		assertThat(mug.getStockOnHand()).isEqualTo(10);
		assertThat(mug.getReserved()).isEqualTo(3);
		assertThat(mug.availableStock()).isEqualTo(7);
	}

	@Test
	void reservesExactlyWhatIsAvailable() {
		Product mug = product(5);

		mug.reserve(2);
		mug.reserve(3);

		assertThat(mug.availableStock()).isZero();
		assertThat(mug.canReserve(1)).isFalse();
	}

	@Test
	void goodsShippedAfterTheirReleaseComeOffTheStockOnHandButNotOffWhatOthersReserved() {
		Product mug = product(5);
		mug.reserve(4); // another order's, after the cancelled one's two went back on sale

		assertThat(mug.takeOffShippedAfterRelease(2)).as("only one was still unpromised").isEqualTo(1);
		assertThat(mug.getStockOnHand()).isEqualTo(4);
		assertThat(mug.getReserved()).isEqualTo(4);
		assertThat(mug.takeOffShippedAfterRelease(3)).isZero();
		assertThat(mug.getStockOnHand()).isEqualTo(4);

		Product cap = product(3);
		assertThat(cap.takeOffShippedAfterRelease(2)).isEqualTo(2);
		assertThat(cap.getStockOnHand()).isEqualTo(1);
	}

	@Test
	void refusesToReserveMoreThanIsAvailableAndChangesNothing() {
		Product mug = product(5);
		mug.reserve(4);

		assertThatIllegalStateException().isThrownBy(() -> mug.reserve(2)).withMessageContaining("only 1 available");

		assertThat(mug.getReserved()).isEqualTo(4);
		assertThat(mug.getStockOnHand()).isEqualTo(5);
	}

	@Test
	void commitTakesReservedStockOutOfTheWarehouse() {
		Product mug = product(10);
		mug.reserve(4);

		mug.commitReserved(4);

		assertThat(mug.getStockOnHand()).isEqualTo(6);
		assertThat(mug.getReserved()).isZero();
		assertThat(mug.availableStock()).isEqualTo(6);
	}

	@Test
	void releaseMakesReservedStockAvailableAgainWithoutTakingItOut() {
		Product mug = product(10);
		mug.reserve(4);

		mug.releaseReserved(4);

		assertThat(mug.getStockOnHand()).isEqualTo(10);
		assertThat(mug.getReserved()).isZero();
		assertThat(mug.availableStock()).isEqualTo(10);
		assertThatIllegalStateException().isThrownBy(() -> mug.releaseReserved(1)).withMessageContaining("reserved");
	}

	@Test
	void refusesToCommitMoreThanIsReserved() {
		Product mug = product(10);
		mug.reserve(2);

		assertThatIllegalStateException().isThrownBy(() -> mug.commitReserved(3))
			.withMessageContaining("only 2 reserved");

		assertThat(mug.getStockOnHand()).isEqualTo(10);
		assertThat(mug.getReserved()).isEqualTo(2);
	}

	@Test
	void quantitiesMustBePositive() {
		Product mug = product(10);

		assertThatIllegalArgumentException().isThrownBy(() -> mug.reserve(0));
		assertThatIllegalArgumentException().isThrownBy(() -> mug.reserve(-1));
		assertThatIllegalArgumentException().isThrownBy(() -> mug.commitReserved(0));
		assertThat(mug.availableStock()).isEqualTo(10);
	}

	@Test
	void stockOnHandCannotStartNegative() {
		assertThatIllegalArgumentException().isThrownBy(() -> product(-1));
	}

	@Test
	void aStockCountSetsTheStockOnHandAndKeepsTheReservations() {
		Product mug = product(10);
		mug.reserve(4);

		mug.recordStockCount(120);

		assertThat(mug.getStockOnHand()).isEqualTo(120);
		assertThat(mug.getReserved()).isEqualTo(4);
		assertThat(mug.availableStock()).isEqualTo(116);
		mug.recordStockCount(4);
		assertThat(mug.availableStock()).isZero();
	}

	@Test
	void aStockCountCannotGoBelowTheReservedStock() {
		Product mug = product(10);
		mug.reserve(5);

		assertThatExceptionOfType(StockBelowReservedException.class).isThrownBy(() -> mug.recordStockCount(4))
			.satisfies(ex -> {
				assertThat(ex.sku()).isEqualTo("SC-MUG-002");
				assertThat(ex.stockOnHand()).isEqualTo(4);
				assertThat(ex.reserved()).isEqualTo(5);
			});
		assertThatIllegalArgumentException().isThrownBy(() -> mug.recordStockCount(-1));
		assertThat(mug.getStockOnHand()).isEqualTo(10);
	}

	@Test
	void repricingChangesThePriceAndItsCurrency() {
		Product mug = product(10);

		mug.reprice(Money.of("21.00"));
		assertThat(mug.getPrice()).isEqualTo(Money.of("21.00"));

		mug.reprice(new Money(new BigDecimal("19.5"), "USD"));
		assertThat(mug.getPrice()).isEqualTo(Money.of("19.50"));
	}

	@Test
	void aNewPriceKeepsTheProductsCurrency() {
		Product mug = product(10);

		assertThatExceptionOfType(CurrencyChangeException.class)
			.isThrownBy(() -> mug.reprice(new Money(new BigDecimal("19.50"), "EUR")))
			.withMessage("SC-MUG-002 is priced in USD: a new price keeps that currency, not EUR");
		assertThat(mug.getPrice()).isEqualTo(Money.of("12.50"));
	}

	@Test
	void aPriceMustBePositive() {
		Product mug = product(10);

		assertThatIllegalArgumentException().isThrownBy(() -> mug.reprice(Money.of("0.00")));
		assertThatIllegalArgumentException().isThrownBy(() -> mug.reprice(Money.of("-1.00")));
		assertThat(mug.getPrice()).isEqualTo(Money.of("12.50"));
	}

	private static Product product(int stockOnHand) {
		return new Product("SC-MUG-002", "SecureCart mug", "Ceramic mug", Money.of("12.50"), stockOnHand);
	}
}
