package dev.flock.edge.web;

/** One rule a request broke, as listed in a validation problem's {@code errors}. */
public record FieldError(String field, String message) {}
