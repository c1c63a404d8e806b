package io.securecart.console.ops.faults;

import java.time.Duration;

/** The simulated payment gateway's behaviour, as payment's admin API shows and takes it. */
record GatewaySettings(boolean outage, Duration latency, double transientFailureRate) {
}
