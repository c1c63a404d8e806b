package io.securecart.platform.problem;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

/**
 * Request bodies are read strictly, in every service: a fraction where a whole number is expected ({@code 1.5}
 * items) and a field the request does not have ({@code status}, {@code total}, {@code unitPrice}...) are a 400
 * problem, never silently truncated or dropped. Only the server side: what a service reads from another service's
 * answer stays tolerant of new fields.
 */
@AutoConfiguration(
		afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
				"org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration" },
		beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(JsonMapper.class)
public class StrictJsonRequestsAutoConfiguration {

	/** The service's JSON mapper (its modules and settings), made strict for what clients send. */
	public static JsonMapper strict(JsonMapper mapper) {
		return mapper.rebuild()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.build();
	}

	@Bean
	@ConditionalOnMissingBean(name = "strictJsonRequests")
	ServerHttpMessageConvertersCustomizer strictJsonRequests(JsonMapper jsonMapper) {
		JsonMapper strict = strict(jsonMapper);
		return converters -> converters.withJsonConverter(new JacksonJsonHttpMessageConverter(strict));
	}
}
