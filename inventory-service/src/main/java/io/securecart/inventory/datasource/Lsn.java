package io.securecart.inventory.datasource;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A position in PostgreSQL's write-ahead log (WAL), written as PostgreSQL writes a {@code pg_lsn}: two hexadecimal
 * halves, e.g. {@code 16/B374D848}. Positions only grow: a replica that has replayed up to position {@code p} shows
 * every transaction that committed at or before {@code p} on the primary.
 *
 * @param value the 64-bit position, compared unsigned
 */
public record Lsn(long value) implements Comparable<Lsn> {

	private static final Pattern TEXT = Pattern.compile("([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})");

	/**
	 * Parses PostgreSQL's text form. Also what Spring MVC uses to convert a request header to an {@code Lsn}, so a
	 * malformed header is a 400.
	 * @throws IllegalArgumentException if {@code text} is not a WAL position
	 */
	public static Lsn of(String text) {
		Matcher matcher = TEXT.matcher(text == null ? "" : text.strip());
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Not a WAL position (e.g. 16/B374D848): " + text);
		}
		return new Lsn(Long.parseLong(matcher.group(1), 16) << 32 | Long.parseLong(matcher.group(2), 16));
	}

	public boolean isAtLeast(Lsn other) {
		return compareTo(other) >= 0;
	}

	@Override
	public int compareTo(Lsn other) {
		return Long.compareUnsigned(value, other.value);
	}

	/** PostgreSQL's text form, e.g. {@code 16/B374D848}. */
	@Override
	public String toString() {
		return "%X/%X".formatted(value >>> 32, value & 0xFFFF_FFFFL);
	}
}
