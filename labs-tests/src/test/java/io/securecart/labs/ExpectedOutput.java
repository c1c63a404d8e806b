package io.securecart.labs;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The output a lab promises, line by line, where ids, times and counts may vary: {@code ...} inside a line stands for
 * any text, and a line of only {@code ...} for any number of lines. Everything else must match exactly (trailing
 * spaces and blank lines aside).
 */
record ExpectedOutput(List<String> lines) {

	static final String ANY = "...";

	static ExpectedOutput of(String text) {
		return new ExpectedOutput(significant(text));
	}

	/** Why {@code actual} is not the promised output, or empty when it is. */
	Optional<String> mismatch(String actual) {
		List<String> got = significant(actual);
		if (matches(0, got, 0)) {
			return Optional.empty();
		}
		return Optional.of("expected:\n  " + String.join("\n  ", lines) + "\nbut the commands printed:\n  "
				+ String.join("\n  ", got));
	}

	private boolean matches(int e, List<String> got, int g) {
		if (e == lines.size()) {
			return g == got.size();
		}
		String expected = lines.get(e);
		if (expected.equals(ANY)) {
			for (int skip = g; skip <= got.size(); skip++) {
				if (matches(e + 1, got, skip)) {
					return true;
				}
			}
			return false;
		}
		return g < got.size() && pattern(expected).matcher(got.get(g)).matches() && matches(e + 1, got, g + 1);
	}

	private static Pattern pattern(String expected) {
		String[] literal = expected.split(Pattern.quote(ANY), -1);
		StringBuilder regex = new StringBuilder();
		for (int i = 0; i < literal.length; i++) {
			if (i > 0) {
				regex.append(".*");
			}
			regex.append(Pattern.quote(literal[i]));
		}
		return Pattern.compile(regex.toString());
	}

	private static List<String> significant(String text) {
		return Arrays.stream(text.split("\\R")).map(String::stripTrailing).filter(line -> !line.isBlank()).toList();
	}
}
