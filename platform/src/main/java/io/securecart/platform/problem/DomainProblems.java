package io.securecart.platform.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * How a service's domain exceptions become problems: each exception type gets a status and a problem type (slug and
 * title); its message is the detail. A service declares one bean of these next to its security configuration; the
 * platform's {@link ProblemDetailsHandler} renders them, so no service writes an {@code @ExceptionHandler}.
 *
 * <pre>
 * &#64;Bean
 * DomainProblems checkoutProblems() {
 *     return new DomainProblems()
 *         .map(UnknownSkuException.class, HttpStatus.BAD_REQUEST, "unknown-sku", "Unknown SKU")
 *         .map(CatalogUnavailableException.class, HttpStatus.SERVICE_UNAVAILABLE, "catalog-unavailable",
 *                 "Catalog unavailable", (ex, problem, headers) -&gt; headers.set("Retry-After", "5"));
 * }
 * </pre>
 */
public final class DomainProblems {

	/** Adds properties or headers of one occurrence (never card data or tokens). */
	@FunctionalInterface
	public interface Details<E extends Throwable> {

		void describe(E exception, ProblemDetail problem, HttpHeaders headers);

	}

	/** One exception type's problem. */
	public record Mapping<E extends Throwable>(Class<E> exception, HttpStatus status, String slug, String title,
			Details<E> details) {

		void describe(Throwable exception, ProblemDetail problem, HttpHeaders headers) {
			details.describe(this.exception.cast(exception), problem, headers);
		}
	}

	private final Map<Class<?>, Mapping<?>> mappings = new LinkedHashMap<>();

	public <E extends Throwable> DomainProblems map(Class<E> exception, HttpStatus status, String slug, String title) {
		return map(exception, status, slug, title, (ex, problem, headers) -> {
		});
	}

	public <E extends Throwable> DomainProblems map(Class<E> exception, HttpStatus status, String slug, String title,
			Details<E> details) {
		if (mappings.putIfAbsent(exception, new Mapping<>(exception, status, slug, title, details)) != null) {
			throw new IllegalStateException(exception.getName() + " is mapped to a problem twice");
		}
		return this;
	}

	/** The mapping of the exception's class or its nearest mapped superclass. */
	Optional<Mapping<?>> find(Class<?> type) {
		for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
			Mapping<?> mapping = mappings.get(candidate);
			if (mapping != null) {
				return Optional.of(mapping);
			}
		}
		return Optional.empty();
	}

	Map<Class<?>, Mapping<?>> mappings() {
		return mappings;
	}
}
