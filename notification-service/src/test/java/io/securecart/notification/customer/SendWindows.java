package io.securecart.notification.customer;

import java.time.Instant;
import java.util.List;

/** What the tests of the send rate count: the sends that fall within one second. */
final class SendWindows {

	private SendWindows() {
	}

	/** The most sends within one second (a half-open window). */
	static int mostInOneSecond(List<Instant> times) {
		List<Instant> sorted = times.stream().sorted().toList();
		int most = 0;
		for (int first = 0, last = 0; last < sorted.size(); last++) {
			while (!sorted.get(first).plusSeconds(1).isAfter(sorted.get(last))) {
				first++;
			}
			most = Math.max(most, last - first + 1);
		}
		return most;
	}
}
