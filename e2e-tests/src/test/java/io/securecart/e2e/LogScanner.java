package io.securecart.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds secrets in log files: known values (demo passwords, client secrets), payment tokens ({@code tok_...}), card
 * numbers (13 to 19 digits, spaces or dashes between groups allowed, that pass the Luhn check) and bearer tokens
 * (JWTs). A finding names the file, the line and what kind of secret it is, and shows the line with the secret
 * replaced, so that the report does not leak it again.
 */
final class LogScanner {

	/** The shape both checkout and payment accept ({@code PaymentToken}, {@code SimulatedPaymentGateway}). */
	private static final Pattern PAYMENT_TOKEN = Pattern.compile("\\btok_[A-Za-z0-9_]{1,64}");

	/**
	 * A major network's first digit (3 to 6), then 13 to 19 digits written together, or in groups of four (Amex: 4-6-5)
	 * split by one space or dash as people write them. Not inside a longer number, a decimal, an IP address or a word:
	 * identifiers made of hex (tracking numbers like {@code SCE60254032231417B}, from an order's UUID) hold digit runs
	 * that pass Luhn one time in ten. The groups of a UUID (8-4-4-4-12 hex) do not fit. A sentence may end right after
	 * one.
	 */
	private static final Pattern CARD_NUMBER = Pattern.compile("(?<![\\dA-Za-z])(?<!\\d[.-])(?:[3-6]\\d{12,18}"
			+ "|[3-6]\\d{3}([ -])\\d{4}\\1\\d{4}\\1\\d{1,4}|3[47]\\d{2}([ -])\\d{6}\\2\\d{5})"
			+ "(?![\\dA-Za-z]|[.-]\\d)");

	/** A signed JWT: header and payload are base64url JSON objects ({@code eyJ} is {@code {"}). */
	private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]+");

	/**
	 * Trace context in a JSON log line ({@code "traceId":"..."}, {@code "spanId":"..."}) or a message attribute
	 * ({@code 00-<trace>-<span>-01}): random hex, where a run of 13 to 19 digits passes the Luhn check about once in a
	 * few hundred ids. Likewise the listener metrics' start time ({@code securecart-listener-started-nanos=...}, a
	 * monotonic clock reading in the message headers an exception prints). Not card numbers: blanked before the card
	 * check (and only there).
	 */
	private static final Pattern TRACE_IDS = Pattern.compile(
			"(?<=\"(?:traceId|spanId|trace\\.id|span\\.id|parentId)\":\")[0-9a-f]{16,32}(?=\")|\\b00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}\\b"
					+ "|(?<=securecart-listener-started-nanos=)\\d+");

	private final Collection<String> knownSecrets;

	LogScanner(Collection<String> knownSecrets) {
		this.knownSecrets = List.copyOf(knownSecrets);
	}

	List<Finding> scan(Path file) {
		List<String> lines;
		try {
			lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<Finding> findings = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			List<String> kinds = new ArrayList<>();
			String redacted = line;
			for (String secret : knownSecrets) {
				if (redacted.contains(secret)) {
					kinds.add("known secret");
					redacted = redacted.replace(secret, "<secret>");
				}
			}
			for (var pattern : List.of(java.util.Map.entry(PAYMENT_TOKEN, "payment token"),
					java.util.Map.entry(JWT, "bearer token (JWT)"))) {
				Matcher matcher = pattern.getKey().matcher(redacted);
				if (matcher.find()) {
					kinds.add(pattern.getValue());
					redacted = matcher.replaceAll("<" + pattern.getValue() + ">");
				}
			}
			Matcher card = CARD_NUMBER.matcher(TRACE_IDS.matcher(redacted).replaceAll("<trace id>"));
			StringBuilder withoutCards = new StringBuilder();
			while (card.find()) {
				boolean isCard = passesLuhn(card.group().replaceAll("[ -]", ""));
				if (isCard) {
					kinds.add("card number");
				}
				card.appendReplacement(withoutCards, isCard ? "<card number>" : Matcher.quoteReplacement(card.group()));
			}
			card.appendTail(withoutCards);
			// Every finding shows the line with every secret in it replaced: the report never leaks one.
			for (String kind : kinds) {
				findings.add(new Finding(file, i + 1, kind, withoutCards.toString()));
			}
		}
		return findings;
	}



	static boolean passesLuhn(String digits) {
		int sum = 0;
		boolean doubled = false;
		for (int i = digits.length() - 1; i >= 0; i--) {
			int digit = digits.charAt(i) - '0';
			if (doubled) {
				digit *= 2;
				if (digit > 9) {
					digit -= 9;
				}
			}
			sum += digit;
			doubled = !doubled;
		}
		return sum % 10 == 0;
	}

	/**
	 * @param line the line with the secret replaced by its kind
	 */
	record Finding(Path file, int lineNumber, String kind, String line) {

		@Override
		public String toString() {
			return "%s:%d: %s in: %s".formatted(file.getFileName(), lineNumber, kind,
					line.length() > 300 ? line.substring(0, 300) + "..." : line);
		}
	}
}
