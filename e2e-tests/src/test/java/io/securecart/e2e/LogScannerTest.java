package io.securecart.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@link LogHygieneIT} would catch, on planted lines: each kind of secret, and nothing in ordinary lines. */
class LogScannerTest {

	private final LogScanner scanner = new LogScanner(List.of("alice-demo-password", "checkout-demo-secret"));

	@TempDir
	Path logs;

	@Test
	void findsEachKindOfSecretAndNamesTheLineWithoutRepeatingTheSecret() throws IOException {
		Path log = write("""
				10:00:00.001 INFO  started in 12.3 s
				10:00:00.002 DEBUG login alice/alice-demo-password
				10:00:00.003 INFO  placing order with paymentToken=tok_visa
				10:00:00.004 WARN  refused card 4111 1111 1111 1111.
				10:00:00.005 DEBUG Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl
				10:00:00.006 INFO  card 4012-8888-8888-1881 and secret checkout-demo-secret
				""");

		List<LogScanner.Finding> findings = scanner.scan(log);

		assertThat(findings).extracting(LogScanner.Finding::lineNumber, LogScanner.Finding::kind)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(2, "known secret"),
					org.assertj.core.groups.Tuple.tuple(3, "payment token"),
					org.assertj.core.groups.Tuple.tuple(4, "card number"),
					org.assertj.core.groups.Tuple.tuple(5, "bearer token (JWT)"),
					org.assertj.core.groups.Tuple.tuple(6, "known secret"),
					org.assertj.core.groups.Tuple.tuple(6, "card number"));
		assertThat(findings).extracting(LogScanner.Finding::toString)
			.noneMatch(report -> report.contains("alice-demo-password") || report.contains("tok_visa")
					|| report.contains("4111 1111") || report.contains("4012-8888") || report.contains("checkout-demo-secret")
					|| report.contains("eyJzdWIi"));
	}

	@Test
	void ordinaryLinesWithLongNumbersAreNotCardNumbers() throws IOException {
		Path log = write("""
				2026-11-30T10:00:00.123Z INFO took 1764496800123 ms at 192.168.100.200, offset 5105105105105101.5
				order 3f2b1c4e-1111-2222-3333-444444444444 for 12.50 USD, version 400000000000000, pid 5012345678901, uuid 5a1b2c3d-4111-1111-1111-111111111111
				""");

		assertThat(scanner.scan(log)).as("an epoch, an IP, a UUID, a decimal, a number failing Luhn").isEmpty();
	}

	/** fulfillment's tracking and invoice numbers are an order's UUID in hex: 60254032231417 passes Luhn. */
	@Test
	void aDigitRunInsideAHexIdentifierIsNotACardNumber() throws IOException {
		assertThat(LogScanner.passesLuhn("60254032231417")).isTrue();
		Path log = write("""
				Booked the carrier for 1 parcel(s), tracking number SCE60254032231417B
				{"invoiceNumber":"INV-E60254032231417B","trackingNumber":"SC60254032231417BE"}
				but a card after a colon or an equals sign still counts: pan=4111111111111111, card:4012888888881881
				""");

		assertThat(scanner.scan(log)).extracting(LogScanner.Finding::lineNumber, LogScanner.Finding::kind)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(3, "card number"),
					org.assertj.core.groups.Tuple.tuple(3, "card number"));
	}

	/**
	 * Trace and span ids are random hex, and the listener's start is a nanosecond clock reading; some hold a digit run
	 * that passes Luhn (32117301526061 did, in a CI run). A card in the message still counts.
	 */
	@Test
	void traceIdsInJsonLinesAndTraceparentsAreNotCardNumbers() throws IOException {
		Path log = write("""
				{"@timestamp":"2026-11-30T10:00:00.123Z","message":"order placed","traceId":"4111111111111111abcdefabcdefabcd","spanId":"4111111111111111","orderId":"3f2b1c4e-1111-2222-3333-444444444444"}
				{"message":"sent with traceparent 00-4111111111111111abcdefabcdefabcd-4012888888881881-01"}
				{"message":"refused card 4111111111111111","traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331"}
				{"message":"Error processing message","error":{"message":"headers={id=592e, securecart-listener-started-nanos=32117301526061, timestamp=1796059481167}"}}
				""");

		assertThat(scanner.scan(log)).singleElement()
			.satisfies(finding -> assertThat(finding.toString()).contains("card number").contains(":3"));
	}

	@Test
	void luhn() {
		assertThat(LogScanner.passesLuhn("4111111111111111")).isTrue();
		assertThat(LogScanner.passesLuhn("4111111111111112")).isFalse();
	}

	private Path write(String content) throws IOException {
		Path log = logs.resolve("service.log");
		Files.writeString(log, content);
		return log;
	}
}
