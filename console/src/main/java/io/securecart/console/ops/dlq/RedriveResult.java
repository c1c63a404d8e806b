package io.securecart.console.ops.dlq;

/** What a redrive moved, as the admin DLQ API answers. */
record RedriveResult(String queue, String method, int moved, String taskHandle) {
}
