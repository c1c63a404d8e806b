package io.securecart.inventory.stock;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The reservation rule: every line of an order fits in what is available, or the order is rejected. */
class OrderDemandTest {

	private final Map<String, Product> warehouse = Stream
		.of(product("SC-MUG-002", 5), product("SC-TSHIRT-001", 100), product("SC-POSTER-006", 0))
		.collect(Collectors.toMap(Product::getSku, Function.identity()));

	@Test
	void addsUpLinesForTheSameProductAndSortsBySku() {
		OrderDemand demand = OrderDemand.of(List.of(line("SC-TSHIRT-001", 1), line("SC-MUG-002", 2),
				line("SC-TSHIRT-001", 3)));

		assertThat(demand.quantities()).containsExactly(Map.entry("SC-MUG-002", 2), Map.entry("SC-TSHIRT-001", 4));
		assertThat(demand.skus()).containsExactly("SC-MUG-002", "SC-TSHIRT-001");
	}

	@Test
	void fitsWhenEveryLineFitsIncludingExactlyTheLastUnits() {
		OrderDemand demand = OrderDemand.of(List.of(line("SC-MUG-002", 5), line("SC-TSHIRT-001", 1)));

		assertThat(demand.shortfallIn(warehouse).isEmpty()).isTrue();
	}

	@Test
	void oneLineShortRejectsThatSku() {
		OrderDemand demand = OrderDemand.of(List.of(line("SC-MUG-002", 6), line("SC-TSHIRT-001", 1)));

		Shortfall shortfall = demand.shortfallIn(warehouse);

		assertThat(shortfall.isEmpty()).isFalse();
		assertThat(shortfall.unavailableSkus()).containsExactly("SC-MUG-002");
		assertThat(shortfall.reason()).isEqualTo("out of stock");
	}

	@Test
	void linesForTheSameProductAreCheckedTogether() {
		// Each line alone fits in 5; together they do not.
		OrderDemand demand = OrderDemand.of(List.of(line("SC-MUG-002", 3), line("SC-MUG-002", 3)));

		assertThat(demand.shortfallIn(warehouse).unavailableSkus()).containsExactly("SC-MUG-002");
	}

	@Test
	void soldOutProductIsOutOfStock() {
		Shortfall shortfall = OrderDemand.of(List.of(line("SC-POSTER-006", 1))).shortfallIn(warehouse);

		assertThat(shortfall.outOfStockSkus()).containsExactly("SC-POSTER-006");
	}

	@Test
	void unknownSkuIsUnavailable() {
		Shortfall shortfall = OrderDemand.of(List.of(line("SC-NOPE-999", 1), line("SC-MUG-002", 1)))
			.shortfallIn(warehouse);

		assertThat(shortfall.unavailableSkus()).containsExactly("SC-NOPE-999");
		assertThat(shortfall.unknownSkus()).containsExactly("SC-NOPE-999");
		assertThat(shortfall.reason()).isEqualTo("unknown product");
	}

	@Test
	void reportsEverySkuThatCannotBeReservedWithEveryReason() {
		Shortfall shortfall = OrderDemand
			.of(List.of(line("SC-TSHIRT-001", 1), line("SC-POSTER-006", 1), line("SC-NOPE-999", 1),
					line("SC-MUG-002", 9)))
			.shortfallIn(warehouse);

		assertThat(shortfall.unavailableSkus()).containsExactly("SC-MUG-002", "SC-NOPE-999", "SC-POSTER-006");
		assertThat(shortfall.reason()).isEqualTo("out of stock; unknown product");
	}

	@Test
	void checkingChangesNoStock() {
		OrderDemand.of(List.of(line("SC-MUG-002", 6))).shortfallIn(warehouse);

		assertThat(warehouse.get("SC-MUG-002").getReserved()).isZero();
	}

	@Test
	void anOrderHasLinesWithPositiveQuantities() {
		assertThatIllegalArgumentException().isThrownBy(() -> OrderDemand.of(List.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> OrderDemand.of(List.of(line("SC-MUG-002", 0))));
		// A negative line must not hide inside a total that looks positive.
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OrderDemand.of(List.of(line("SC-MUG-002", 3), line("SC-MUG-002", -1))));
	}

	private static OrderLine line(String sku, int quantity) {
		return new OrderLine(sku, quantity, Money.of("1.00"));
	}

	private static Product product(String sku, int stockOnHand) {
		return new Product(sku, sku, "", Money.of("1.00"), stockOnHand);
	}
}
