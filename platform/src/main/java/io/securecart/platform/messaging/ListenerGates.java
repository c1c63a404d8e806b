package io.securecart.platform.messaging;

import java.util.List;

import io.awspring.cloud.sqs.listener.AbstractMessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Puts each {@link ListenerGate} bean in front of its listener's back pressure, once, just before the listener
 * registry starts the listeners: a container's options can change only while it is stopped, and the containers exist
 * only once every singleton is (Spring Cloud AWS's endpoint registrar creates them then).
 * <p>
 * The registry comes through an {@link ObjectProvider}, looked up at start: a lifecycle bean that depends on another
 * directly gets that one started first, and the registry would start the listeners before their gates are on.
 */
class ListenerGates implements SmartLifecycle {

	private final ObjectProvider<MessageListenerContainerRegistry> registry;

	private final List<ListenerGate> gates;

	private volatile boolean installed;

	ListenerGates(ObjectProvider<MessageListenerContainerRegistry> registry, List<ListenerGate> gates) {
		this.registry = registry;
		this.gates = gates;
	}

	@Override
	public void start() {
		if (installed) {
			return;
		}
		for (ListenerGate gate : gates) {
			MessageListenerContainer<?> container = registry.getObject().getContainerById(gate.listenerId());
			if (container == null) {
				throw new UnknownListenerException(gate.listenerId());
			}
			if (!(container instanceof AbstractMessageListenerContainer<?, ?, ?> configurable)) {
				throw new IllegalStateException("Listener " + gate.listenerId() + " is a "
						+ container.getClass().getName() + ", whose back pressure cannot be gated");
			}
			configurable.configure(options -> options.backPressureHandlerFactory(
					gate.around(configurable.getContainerOptions().getBackPressureHandlerFactory())));
		}
		installed = true;
	}

	@Override
	public void stop() {
		// The gates stay installed: a listener restarted later keeps its gate.
	}

	@Override
	public boolean isRunning() {
		return installed;
	}

	/** Just before the registry, which starts the listeners. */
	@Override
	public int getPhase() {
		return registry.getObject().getPhase() - 1;
	}
}
