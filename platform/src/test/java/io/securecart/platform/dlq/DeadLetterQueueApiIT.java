package io.securecart.platform.dlq;

import io.securecart.contracts.MessagingNames;
import io.securecart.platform.PlatformDatabase;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Bad input to the DLQ API is the caller's mistake, answered 400, never passed on to SQS to fail there. */
@ServiceIntegrationTest
@AutoConfigureMockMvc
class DeadLetterQueueApiIT {

	static {
		PlatformDatabase.ensureExists();
	}

	@Autowired
	MockMvc mvc;

	@ParameterizedTest(name = "max={0}")
	@ValueSource(strings = { "0", "-1", "11" })
	void aNumberOfMessagesSqsCannotHandOutIs400(String max) throws Exception {
		mvc.perform(get("/api/admin/dlq/{queue}/messages", MessagingNames.NOTIFICATION_QUEUE).param("max", max)
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(containsString("max")));
	}

	@ParameterizedTest(name = "max={0}")
	@ValueSource(strings = { "1", "10" })
	void oneToTenMessagesAreListed(String max) throws Exception {
		mvc.perform(get("/api/admin/dlq/{queue}/messages", MessagingNames.NOTIFICATION_QUEUE).param("max", max)
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$").isArray());
	}
}
