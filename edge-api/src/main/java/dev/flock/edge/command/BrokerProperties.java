package dev.flock.edge.command;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param retryAfter what a 503 tells the client to wait when the broker did not take a command */
@ConfigurationProperties("flock.broker")
public record BrokerProperties(@DefaultValue("5s") Duration retryAfter) {}
