package io.securecart.checkout.order;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static io.securecart.testsupport.ProgressColumns.columnsInsertedBy;
import static io.securecart.testsupport.ProgressColumns.columnsSetBy;
import static io.securecart.testsupport.ProgressColumns.mappedColumns;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code saveProgress} writes what an event may change (ADR 31): every column of the order's row but those fixed
 * when it was placed, and a new timeline entry whole. A column added to either must be named here or written there.
 */
class SaveProgressTest {

	private static final Set<String> FIXED_WHEN_PLACED = Set.of("id", "customer_id", "total", "currency",
			"created_at");

	@Test
	void anEventsChangeWritesEveryColumnOfTheOrderButThoseFixedWhenItWasPlaced() {
		List<String> columns = mappedColumns(Order.class);
		assertThat(columns).containsAll(FIXED_WHEN_PLACED);

		assertThat(columnsSetBy(OrderRepository.class, "updateProgress")).containsExactlyInAnyOrderElementsOf(
				columns.stream().filter(column -> !FIXED_WHEN_PLACED.contains(column)).toList());
	}

	@Test
	void aNewTimelineEntryIsWrittenWhole() {
		assertThat(columnsInsertedBy(OrderRepository.class, "insertTimelineEntry")).containsExactlyInAnyOrderElementsOf(
				Stream.concat(Stream.of("order_id", "entry_no"), mappedColumns(TimelineEntry.class).stream()).toList());
	}
}
