package io.securecart.platform.security;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import static org.assertj.core.api.Assertions.assertThat;

class ApiDocumentationDefaultsTest {

	@Test
	void everyServicePublishesItsApiDescriptionOnPurpose() {
		StandardEnvironment environment = new StandardEnvironment();

		new ApiDocumentationDefaults().postProcessEnvironment(environment, null);

		assertThat(environment.getProperty("springdoc.api-docs.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("springdoc.swagger-ui.enabled")).isEqualTo("true");
	}

	@Test
	void aDeploymentMaySwitchThemOff() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application.yml", Map.of("springdoc.swagger-ui.enabled", "false")));

		new ApiDocumentationDefaults().postProcessEnvironment(environment, null);

		assertThat(environment.getProperty("springdoc.swagger-ui.enabled")).isEqualTo("false");
	}

	@Test
	void springBootAppliesItToEveryService() {
		// Others take constructor arguments that only Spring Boot supplies: left out here.
		FailureHandler leaveOut = FailureHandler.handleMessage((message, failure) -> {
		});
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(EnvironmentPostProcessor.class, null, leaveOut))
			.hasAtLeastOneElementOfType(ApiDocumentationDefaults.class);
	}
}
