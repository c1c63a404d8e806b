package io.securecart.fulfillment.shipment;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static io.securecart.testsupport.ProgressColumns.columnsSetBy;
import static io.securecart.testsupport.ProgressColumns.mappedColumns;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code saveProgress} writes the columns a transition may change, and only the root's (ADR 31). A column added to
 * an aggregate must be named here as written at creation only, or be in its update: otherwise a transition's change
 * to it would be lost without a word.
 */
class SaveProgressTest {

	@Test
	void aShipmentsProgressWritesEveryColumnButThoseFixedWhenItWasOpened() {
		assertThat(columnsSetBy(ShipmentRepository.class, "updateProgress")).containsExactlyInAnyOrderElementsOf(
				columnsExcept(Shipment.class, Set.of("id", "order_id", "customer_id", "warehouse", "created_at")));
	}

	@Test
	void aFulfillmentsProgressWritesEveryColumnButThoseFixedWhenItWasOpened() {
		assertThat(columnsSetBy(OrderFulfillmentRepository.class, "updateProgress"))
			.containsExactlyInAnyOrderElementsOf(
					columnsExcept(OrderFulfillment.class, Set.of("order_id", "customer_id", "created_at")));
	}

	/** Its version is among them: every update writes it. */
	private static List<String> columnsExcept(Class<?> aggregate, Set<String> fixedAtCreation) {
		List<String> columns = mappedColumns(aggregate);
		assertThat(columns).containsAll(fixedAtCreation);
		return columns.stream().filter(column -> !fixedAtCreation.contains(column)).toList();
	}
}
