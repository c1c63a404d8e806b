package io.securecart.ratelimit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Whose bucket a request takes from when the limit is per client address. Buckets themselves: SharedBucketsIT. */
class RateLimitFilterTest {

	@Test
	void anIpv4AddressIsItsOwnBucket() {
		assertThat(RateLimitFilter.clientAddress("203.0.113.7")).isEqualTo("203.0.113.7");
		assertThat(RateLimitFilter.clientAddress("203.0.113.8")).isEqualTo("203.0.113.8");
	}

	@Test
	void theAddressesOfOneIpv6SubscriberShareOneBucket() {
		assertThat(RateLimitFilter.clientAddress("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2::/64");
		assertThat(RateLimitFilter.clientAddress("2001:db8:1:2:ffff:ffff:ffff:1")).isEqualTo("2001:db8:1:2::/64");
		assertThat(RateLimitFilter.clientAddress("2001:db8:1:3::1")).as("the next /64 is another subscriber")
			.isEqualTo("2001:db8:1:3::/64");
	}

	@Test
	void anIpv4AddressWrittenAsIpv6IsTheIpv4Address() {
		assertThat(RateLimitFilter.clientAddress("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
	}

	@Test
	void theLoopbackAndWhatIsNoAddressStayAsTheyAre() {
		assertThat(RateLimitFilter.clientAddress("0:0:0:0:0:0:0:1")).isEqualTo("0:0:0:0::/64");
		assertThat(RateLimitFilter.clientAddress("not:an:address")).isEqualTo("not:an:address");
		assertThat(RateLimitFilter.clientAddress("1:2:3:4:5:6:7:8:9")).isEqualTo("1:2:3:4:5:6:7:8:9");
		assertThat(RateLimitFilter.clientAddress(null)).isNull();
	}
}
