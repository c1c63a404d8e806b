package io.securecart.testsupport;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference such as {@code postgres:15.19-bookworm} or {@code name@sha256:...}. Pinned means a digest, or a
 * tag that starts with at least major.minor: not {@code latest}, not a bare major like {@code 15}, not no tag at all.
 */
record ImageReference(String repository, Optional<String> tag, Optional<String> digest) {

	private static final Pattern REFERENCE = Pattern.compile(
			"(?<repository>[a-z0-9][a-z0-9._/-]*)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]*))?(?:@(?<digest>sha256:[a-f0-9]{64}))?");

	private static final Pattern VERSION_TAG = Pattern.compile("v?\\d+\\.\\d+([._-][A-Za-z0-9._-]*)?");

	static ImageReference parse(String reference) {
		Matcher matcher = REFERENCE.matcher(reference.trim());
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Not an image reference: " + reference);
		}
		return new ImageReference(matcher.group("repository"), Optional.ofNullable(matcher.group("tag")),
				Optional.ofNullable(matcher.group("digest")));
	}

	boolean pinned() {
		return digest.isPresent() || tag.filter(value -> VERSION_TAG.matcher(value).matches()).isPresent();
	}
}
