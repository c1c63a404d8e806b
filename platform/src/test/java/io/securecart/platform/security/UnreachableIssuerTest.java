package io.securecart.platform.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * A token that cannot be checked because the issuer's keys cannot be fetched (it restarts; its endpoint failed) is a
 * 503 problem to ask again after, not the container's 500 page that Spring Security's default rethrow leads to.
 */
class UnreachableIssuerTest {

	/** Port 9 (discard) on the loopback: nothing listens there, so fetching the keys is refused at once. */
	private final WebApplicationContextRunner service = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResourceServerAutoConfiguration.class))
		.withUserConfiguration(FixedClock.class)
		.withPropertyValues("securecart.security.jwk-set-uri=http://127.0.0.1:9/oauth2/jwks");

	@Test
	void aTokenThatCannotBeCheckedIsA503ProblemToAskAgainAfter() {
		service.run(context -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
				.addFilters(context.getBean("springSecurityFilterChain", Filter.class))
				.build();

			MvcResult answer = mvc.perform(get("/api/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + aToken()))
				.andReturn();

			assertThat(answer.getResponse().getStatus()).isEqualTo(503);
			assertThat(answer.getResponse().getContentType()).isEqualTo("application/problem+json");
			assertThat(answer.getResponse().getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
			assertThat(answer.getResponse().getContentAsString()).contains("service-unavailable")
				.doesNotContain(aToken());
		});
	}

	@Test
	void aTokenThatIsNotOneIsStillA401() {
		service.run(context -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
				.addFilters(context.getBean("springSecurityFilterChain", Filter.class))
				.build();

			MvcResult answer = mvc.perform(get("/api/orders").header(HttpHeaders.AUTHORIZATION, "Bearer not-a-jwt"))
				.andReturn();

			assertThat(answer.getResponse().getStatus()).isEqualTo(401);
			assertThat(answer.getResponse().getContentType()).isEqualTo("application/problem+json");
		});
	}

	/** Well formed, signed with a key of the issuer's that the service has not fetched yet. */
	private static String aToken() {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String header = base64
			.encodeToString("{\"alg\":\"RS256\",\"kid\":\"new-key\"}".getBytes(StandardCharsets.UTF_8));
		String claims = base64.encodeToString("{\"sub\":\"alice\",\"iss\":\"http://localhost:9000\"}"
			.getBytes(StandardCharsets.UTF_8));
		return header + "." + claims + "." + base64.encodeToString(new byte[256]);
	}

	@Configuration(proxyBeanMethods = false)
	static class FixedClock {

		@Bean
		Clock clock() {
			return Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
		}
	}
}
