/**
 * Token authentication, off unless {@code --auth-tokens FILE} is given: {@link io.pinscope.server.auth.TokenFile}
 * reads the hashed tokens and their roles ({@link io.pinscope.server.auth.TokenRole}) and is polled for changes;
 * {@link io.pinscope.server.auth.Auth} checks a request's {@code Authorization: Bearer} token in constant time and
 * decorates the OTLP routes ({@link io.pinscope.server.auth.OtlpAuthDecorator}: 401/403 or gRPC
 * {@code UNAUTHENTICATED}/{@code PERMISSION_DENIED}) and the {@code /api} routes
 * ({@link io.pinscope.server.auth.ApiAuthDecorator}: 401/403 JSON), counting refusals in
 * {@code pinscope_auth_failures_total}; {@link io.pinscope.server.auth.HashTokenCommand} prints a token's hash.
 */
@NullMarked
package io.pinscope.server.auth;

import org.jspecify.annotations.NullMarked;
