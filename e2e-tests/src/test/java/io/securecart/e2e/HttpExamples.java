package io.securecart.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requests of one {@code http/*.http} file, as IntelliJ's HTTP Client and VS Code's REST Client read them:
 * {@code @name = value} variables, then requests each under a {@code ### title} line: {@code METHOD URL}, header
 * lines, a blank line and the body. Lines starting with {@code #} or {@code //} are comments.
 */
record HttpExamples(String file, Map<String, String> variables, List<Request> requests) {

	/** What the title says an example answers: {@code (400)}, or {@code 404 application/problem+json}. */
	private static final Pattern EXPECTED_STATUS = Pattern.compile("\\((\\d{3})\\)|(\\d{3}) application/problem\\+json");

	private static final Pattern VARIABLE = Pattern.compile("^@([\\w.-]+)\\s*=\\s*(.*)$");

	private static final Pattern REQUEST_LINE = Pattern.compile("^([A-Z]+)\\s+(\\S+)(\\s+HTTP/[\\d.]+)?$");

	static HttpExamples read(Path file) {
		try {
			return parse(file.getFileName().toString(), Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static HttpExamples parse(String file, String text) {
		Map<String, String> variables = new LinkedHashMap<>();
		List<Request> requests = new ArrayList<>();
		Request.Builder current = null;
		for (String line : text.split("\\R", -1)) {
			if (line.startsWith("###")) {
				if (current != null) {
					requests.add(current.build());
				}
				current = new Request.Builder(line.substring(3).strip());
				continue;
			}
			boolean comment = (line.startsWith("#") || line.startsWith("//")) && (current == null || !current.inBody());
			if (comment) {
				continue;
			}
			Matcher variable = VARIABLE.matcher(line.strip());
			if (variable.matches() && (current == null || current.beforeRequestLine())) {
				variables.put(variable.group(1), variable.group(2).strip());
				continue;
			}
			if (current != null) {
				current.accept(line, file);
			}
			else if (!line.isBlank()) {
				throw new IllegalArgumentException(file + ": a line outside any request: " + line);
			}
		}
		if (current != null) {
			requests.add(current.build());
		}
		return new HttpExamples(file, Map.copyOf(variables), List.copyOf(requests));
	}

	record Header(String name, String value) {
	}

	/**
	 * One example; {@code url}, header values and {@code body} still hold their {@code {{variables}}}.
	 */
	record Request(String title, String method, String url, List<Header> headers, Optional<String> body) {

		/** The status the title promises, when it names one; otherwise the example is meant to succeed. */
		OptionalInt expectedStatus() {
			Matcher matcher = EXPECTED_STATUS.matcher(title);
			if (!matcher.find()) {
				return OptionalInt.empty();
			}
			return OptionalInt.of(Integer.parseInt(matcher.group(1) != null ? matcher.group(1) : matcher.group(2)));
		}

		private static final class Builder {

			private final String title;

			private String method;

			private String url;

			private final List<Header> headers = new ArrayList<>();

			private List<String> body;

			Builder(String title) {
				this.title = title;
			}

			boolean beforeRequestLine() {
				return method == null;
			}

			boolean inBody() {
				return body != null;
			}

			void accept(String line, String file) {
				if (method == null) {
					if (line.isBlank()) {
						return;
					}
					Matcher request = REQUEST_LINE.matcher(line.strip());
					if (!request.matches()) {
						throw new IllegalArgumentException(file + ", " + title + ": not a request line: " + line);
					}
					method = request.group(1);
					url = request.group(2);
				}
				else if (body == null) {
					if (line.isBlank()) {
						body = new ArrayList<>();
						return;
					}
					int colon = line.indexOf(':');
					if (colon < 1) {
						throw new IllegalArgumentException(file + ", " + title + ": not a header: " + line);
					}
					headers.add(new Header(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
				}
				else {
					body.add(line);
				}
			}

			Request build() {
				if (method == null) {
					throw new IllegalArgumentException("An example without a request line: " + title);
				}
				String text = body == null ? "" : String.join("\n", body).strip();
				return new Request(title, method, url, List.copyOf(headers),
						text.isEmpty() ? Optional.empty() : Optional.of(text));
			}
		}
	}
}
