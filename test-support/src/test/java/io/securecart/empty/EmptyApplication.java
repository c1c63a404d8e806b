package io.securecart.empty;

/** A "service" with nothing beside its application: {@code ServiceConventions} must not pass it for want of classes. */
public class EmptyApplication {

}
