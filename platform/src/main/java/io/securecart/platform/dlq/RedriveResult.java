package io.securecart.platform.dlq;

/**
 * What a redrive did.
 *
 * @param method {@code StartMessageMoveTask} where the broker supports it (AWS, LocalStack), else
 * {@code receive-send-delete}
 * @param moved messages moved back to the source queue; for a move task, unknown (-1) until it completes
 * @param taskHandle the move task's handle, or null
 */
public record RedriveResult(String queue, String method, int moved, String taskHandle) {
}
