package io.securecart.testsupport;

import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.time.Instant;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.data.mapping.model.SimpleTypeHolder;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;

/**
 * What a repository's {@code saveProgress} writes, against what the aggregate maps (ADR 31): a test compares the
 * columns a declared update sets, or a declared insert lists, with the columns Spring Data maps for the class, so
 * that a column added to an aggregate cannot be forgotten by the statement that writes its changes.
 */
public final class ProgressColumns {

	private static final RelationalMappingContext MAPPING = new RelationalMappingContext();

	static {
		// What the services' aggregates hold that Spring Data JDBC writes as one column (its JdbcSimpleTypes).
		MAPPING.setSimpleTypeHolder(new SimpleTypeHolder(Set.of(UUID.class, Instant.class, BigDecimal.class), true));
	}

	private static final Pattern SET_CLAUSE = Pattern.compile("\\bset\\b(.*)\\bwhere\\b", Pattern.DOTALL);

	private static final Pattern ASSIGNMENT = Pattern.compile("(\\w+)\\s*=");

	private static final Pattern INSERT_COLUMNS = Pattern.compile("\\binsert\\s+into\\s+\\w+\\s*\\(([^)]*)\\)",
			Pattern.DOTALL);

	private ProgressColumns() {
	}

	/** The class's own columns, as Spring Data names them, without its lists and nested entities. */
	public static List<String> mappedColumns(Class<?> type) {
		RelationalPersistentEntity<?> entity = MAPPING.getRequiredPersistentEntity(type);
		List<String> columns = new ArrayList<>();
		for (RelationalPersistentProperty property : entity) {
			if (!property.isEntity() && !property.isCollectionLike()) {
				columns.add(property.getColumnName().getReference());
			}
		}
		return columns;
	}

	/** The columns the {@code set} clause of {@code repository}'s declared update {@code method} assigns. */
	public static List<String> columnsSetBy(Class<?> repository, String method) {
		String sql = declaredSql(repository, method);
		Matcher set = SET_CLAUSE.matcher(sql);
		if (!set.find()) {
			throw new IllegalArgumentException(method + " is no update ... set ... where: " + sql);
		}
		List<String> columns = new ArrayList<>();
		Matcher assignment = ASSIGNMENT.matcher(set.group(1));
		while (assignment.find()) {
			columns.add(assignment.group(1));
		}
		return columns;
	}

	/** The columns {@code repository}'s declared insert {@code method} lists. */
	public static List<String> columnsInsertedBy(Class<?> repository, String method) {
		String sql = declaredSql(repository, method);
		Matcher insert = INSERT_COLUMNS.matcher(sql);
		if (!insert.find()) {
			throw new IllegalArgumentException(method + " is no insert into ... (columns): " + sql);
		}
		return Arrays.stream(insert.group(1).split(",")).map(String::strip).toList();
	}

	/** The SQL of the method's Spring Data JDBC {@code @Query}. */
	private static String declaredSql(Class<?> repository, String name) {
		Method method = Arrays.stream(repository.getDeclaredMethods())
			.filter(candidate -> candidate.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(repository.getSimpleName() + " has no " + name));
		for (Annotation annotation : method.getAnnotations()) {
			if (annotation.annotationType().getName().equals("org.springframework.data.jdbc.repository.query.Query")) {
				try {
					return (String) annotation.annotationType().getMethod("value").invoke(annotation);
				}
				catch (ReflectiveOperationException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
		throw new IllegalArgumentException(repository.getSimpleName() + "." + name + " has no declared @Query");
	}
}
