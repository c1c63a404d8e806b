package io.securecart.inventory.catalog;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ETag;

/**
 * The {@code If-Match} of a change (RFC 9110, section 13.1.1): the entity tags of the product the caller read, of
 * which one must be the product's current version for the change to apply. Compared strongly, as RFC 9110 says for
 * {@code If-Match}: a weak tag ({@code W/"7"}) never matches.
 *
 * @param tags at least one entity tag, none of them {@code *}
 */
record IfMatch(List<ETag> tags) {

	IfMatch {
		tags = List.copyOf(tags);
		if (tags.isEmpty() || tags.stream().anyMatch(ETag::isWildcard)) {
			throw new IllegalArgumentException("If-Match must name at least one version, and not *: " + tags);
		}
	}

	/**
	 * The header's tags.
	 * @throws PreconditionRequiredException if the header is absent, names no entity tag (blank, or not the syntax of
	 * one: {@code 7} without its quotes), or is {@code *}, which matches any version and so does not say which one the
	 * count was made against
	 */
	static IfMatch of(String sku, @Nullable String header) {
		List<ETag> tags = header == null ? List.of() : ETag.parse(header);
		if (tags.isEmpty()) {
			throw new PreconditionRequiredException(sku, header == null || header.isBlank()
					? "send If-Match with the ETag of GET /api/catalog/products/" + sku
					: "If-Match names no entity tag: send the ETag of GET /api/catalog/products/" + sku
							+ " as it came, quotes included");
		}
		if (tags.stream().anyMatch(ETag::isWildcard)) {
			throw new PreconditionRequiredException(sku, "If-Match: * matches any version: send the ETag of GET "
					+ "/api/catalog/products/" + sku + " that the count was made against");
		}
		return new IfMatch(tags);
	}

	/** Whether the product, at {@code version}, is one the caller read. */
	boolean matches(long version) {
		ETag current = new ETag(String.valueOf(version), false);
		return tags.stream().anyMatch(tag -> tag.compare(current, true));
	}

	@Override
	public String toString() {
		return String.join(", ", tags.stream().map(ETag::formattedTag).toList());
	}
}
