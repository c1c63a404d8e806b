#!/usr/bin/env bash
# Prints the JVM flags of every JVM that ./securecart and the e2e tests' stack start (the services, the authorization
# server, the console, the provisioner): one line, for JAVA_TOOL_OPTIONS. SECURECART_JAVA_OPTS replaces them.
#
# Both read them here because run-jar.sh names the startup caches after the flags: the labs' stack reuses the e2e
# stack's caches only while the two start the JVMs with the very same string (ADR 19). Compose's containers size
# their heap from their memory limit instead, so docker-compose.yml has its own line (its x-jvm-flags).
set -euo pipefail

flags=(
  # Five JVMs share 2 cores: a capped heap, the single-threaded collector (no GC threads competing for the cores) and
  # the C1 compiler only (far less compilation CPU while five services start; plenty fast for local use).
  -Xmx256m
  # Without these the first heap is 1/64 of the machine's memory (256 MB here) and its young generation 85 MB, all of
  # it touched; the live set is about 60 MB. 40-60 MB less per service, same CPU (benchmarks/measurements.md).
  -Xms64m
  -Xmn24m
  # After a full collection the old generation keeps 10-30 % free rather than 40-70 %, so it settles near 50 MB
  # instead of 70-90: about 20 MB less per service, as many full collections (benchmarks/measurements.md, session 27).
  -XX:MinHeapFreeRatio=10
  -XX:MaxHeapFreeRatio=30
  # No full collection each time the JIT's code grows by a tenth of the code cache (the default, 15 %, cost every
  # service one or two full collections of 0.15-0.65 s in its first minutes of load, to unload code from a cache a
  # quarter full); the JVM still collects when the cache is 90 % full (benchmarks/measurements.md, session 31).
  -XX:SweeperThreshold=100
  -XX:+UseSerialGC
  -XX:TieredStopAtLevel=1
)
echo "${flags[*]}"
