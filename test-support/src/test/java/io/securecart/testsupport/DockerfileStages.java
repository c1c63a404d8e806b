package io.securecart.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile's stages: each one's base (an image, or an earlier stage), its instructions (continuation lines
 * joined) and the user it runs as, inherited from the stage it starts from.
 */
record DockerfileStages(Optional<String> syntax, List<Stage> stages) {

	private static final Pattern SYNTAX = Pattern.compile("(?i)^#\\s*syntax\\s*=\\s*(\\S+)\\s*$");

	private static final Pattern FROM = Pattern
		.compile("(?i)^FROM\\s+(?:--platform=\\S+\\s+)?(?<base>\\S+)(?:\\s+AS\\s+(?<name>\\S+))?\\s*$");

	private static final Pattern USER = Pattern.compile("(?i)^USER\\s+(\\S+)\\s*$");

	record Stage(String name, String base, boolean fromStage, Optional<String> user, List<String> instructions) {

		List<String> instructions(String keyword) {
			String prefix = keyword.toUpperCase(Locale.ROOT) + " ";
			return instructions.stream().filter(instruction -> instruction.toUpperCase(Locale.ROOT).startsWith(prefix)).toList();
		}
	}

	static DockerfileStages read(Path dockerfile) {
		List<String> lines;
		try {
			lines = Files.readAllLines(dockerfile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Optional<String> syntax = lines.stream()
			.map(SYNTAX::matcher)
			.filter(Matcher::matches)
			.map(matcher -> matcher.group(1))
			.findFirst();
		Map<String, Stage> stages = new LinkedHashMap<>();
		Stage current = null;
		for (String instruction : instructions(lines)) {
			Matcher from = FROM.matcher(instruction);
			if (from.matches()) {
				if (current != null) {
					stages.put(current.name(), current);
				}
				String base = from.group("base");
				Stage parent = stages.get(base.toLowerCase(Locale.ROOT));
				String name = Optional.ofNullable(from.group("name")).orElse(String.valueOf(stages.size()));
				current = new Stage(name.toLowerCase(Locale.ROOT), base, parent != null,
						parent == null ? Optional.empty() : parent.user(), new ArrayList<>());
				continue;
			}
			if (current == null) {
				throw new IllegalStateException(dockerfile + ": an instruction before the first FROM: " + instruction);
			}
			Matcher user = USER.matcher(instruction);
			if (user.matches()) {
				current = new Stage(current.name(), current.base(), current.fromStage(), Optional.of(user.group(1)),
						current.instructions());
			}
			current.instructions().add(instruction);
		}
		if (current != null) {
			stages.put(current.name(), current);
		}
		return new DockerfileStages(syntax, List.copyOf(stages.values()));
	}

	Stage stage(String name) {
		return stages.stream()
			.filter(stage -> stage.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no stage '" + name + "'"));
	}

	Stage last() {
		return stages.getLast();
	}

	/** Instructions without comments and blank lines, continuation lines joined into one. */
	private static List<String> instructions(List<String> lines) {
		List<String> instructions = new ArrayList<>();
		StringBuilder pending = new StringBuilder();
		for (String line : lines) {
			String trimmed = line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("#")) {
				continue;
			}
			if (trimmed.endsWith("\\")) {
				pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			instructions.add(pending.append(trimmed).toString());
			pending.setLength(0);
		}
		return instructions;
	}
}
