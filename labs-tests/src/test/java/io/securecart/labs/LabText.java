package io.securecart.labs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lab as written: its runnable blocks (fenced {@code ```bash lab}), each with the output the lab says to expect
 * (the {@code ```text expected} block that follows it, if any), in the order a learner meets them.
 */
record LabText(Path file, List<Step> steps) {

	/** One command block and the output the lab promises for it ({@code null}: the lab promises nothing). */
	record Step(int line, String commands, ExpectedOutput expected) {
	}

	private static final Pattern FENCE = Pattern.compile("(?m)^```([^\\n`]*)\\n(.*?)^```[ \\t]*$", Pattern.DOTALL);

	static final String RUNNABLE = "bash lab";

	static final String EXPECTED = "text expected";

	static LabText read(Path file) {
		try {
			return parse(file, Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static LabText parse(Path file, String markdown) {
		List<Step> steps = new ArrayList<>();
		Matcher fence = FENCE.matcher(markdown);
		while (fence.find()) {
			String info = fence.group(1).trim();
			String body = fence.group(2);
			int line = lineOf(markdown, fence.start());
			if (RUNNABLE.equals(info)) {
				steps.add(new Step(line, body, null));
			}
			else if (EXPECTED.equals(info)) {
				if (steps.isEmpty() || steps.getLast().expected() != null) {
					throw new IllegalArgumentException(
							"%s:%d: an expected output block must follow a runnable block".formatted(file, line));
				}
				Step last = steps.removeLast();
				steps.add(new Step(last.line(), last.commands(), ExpectedOutput.of(body)));
			}
		}
		return new LabText(file, List.copyOf(steps));
	}

	private static int lineOf(String text, int offset) {
		return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
	}
}
