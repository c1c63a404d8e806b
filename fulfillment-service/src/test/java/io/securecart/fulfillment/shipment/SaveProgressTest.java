package io.securecart.fulfillment.shipment;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.data.jdbc.core.mapping.JdbcMappingContext;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code saveProgress} writes the columns a transition may change, and only the root's (ADR 31). A column added to
 * an aggregate must be named here as written at creation only, or be in its update: otherwise a transition's change
 * to it would be lost without a word.
 */
class SaveProgressTest {

	private final JdbcMappingContext mapping = new JdbcMappingContext();

	@Test
	void aShipmentsProgressWritesEveryColumnButThoseFixedWhenItWasOpened() throws NoSuchMethodException {
		assertThat(columnsSetBy(ShipmentRepository.class)).containsExactlyInAnyOrderElementsOf(
				rootColumnsExcept(Shipment.class, Set.of("id", "order_id", "customer_id", "warehouse", "created_at")));
	}

	@Test
	void aFulfillmentsProgressWritesEveryColumnButThoseFixedWhenItWasOpened() throws NoSuchMethodException {
		assertThat(columnsSetBy(OrderFulfillmentRepository.class)).containsExactlyInAnyOrderElementsOf(
				rootColumnsExcept(OrderFulfillment.class, Set.of("order_id", "customer_id", "created_at")));
	}

	/** The root's own columns (not its lists), less the fixed ones; its version is written by every update. */
	private List<String> rootColumnsExcept(Class<?> aggregate, Set<String> fixedAtCreation) {
		RelationalPersistentEntity<?> entity = mapping.getRequiredPersistentEntity(aggregate);
		List<String> columns = new ArrayList<>();
		for (RelationalPersistentProperty property : entity) {
			if (!property.isEntity() && !property.isCollectionLike()) {
				columns.add(property.getColumnName().getReference());
			}
		}
		assertThat(columns).containsAll(fixedAtCreation);
		columns.removeAll(fixedAtCreation);
		return columns;
	}

	private static List<String> columnsSetBy(Class<?> repository) throws NoSuchMethodException {
		Method update = List.of(repository.getDeclaredMethods())
			.stream()
			.filter(method -> method.getName().equals("updateProgress"))
			.findFirst()
			.orElseThrow(() -> new NoSuchMethodException(repository.getSimpleName() + ".updateProgress"));
		String sql = update.getAnnotation(Query.class).value();
		Matcher clause = Pattern.compile("\\bset\\b(.*)\\bwhere\\b", Pattern.DOTALL).matcher(sql);
		assertThat(clause.find()).as("an update ... set ... where: %s", sql).isTrue();
		String set = clause.group(1);
		List<String> columns = new ArrayList<>();
		Matcher assignment = Pattern.compile("(\\w+)\\s*=").matcher(set);
		while (assignment.find()) {
			columns.add(assignment.group(1));
		}
		return columns;
	}
}
