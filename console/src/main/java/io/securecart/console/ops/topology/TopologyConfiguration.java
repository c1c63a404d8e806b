package io.securecart.console.ops.topology;

import io.securecart.provisioner.Topology;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one declaration, infra/topology.json, as packaged in the provisioner's jar: never a second copy. */
@Configuration(proxyBeanMethods = false)
class TopologyConfiguration {

	@Bean
	Topology topology() {
		return Topology.declared();
	}
}
