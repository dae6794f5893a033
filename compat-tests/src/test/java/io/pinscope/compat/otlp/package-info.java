/**
 * The OTLP conformance matrix: one Pinscope server process, the known trace sent through every real
 * exporter (Java SDK in this JVM, Python and Node SDKs as scripts, hand-written OTLP/JSON), each read back
 * through the REST API. Starting points: {@link io.pinscope.compat.otlp.ITOtlpConformance} (the matrix),
 * {@link io.pinscope.compat.otlp.KnownTrace} (what is sent and what must come back), the senders {@link
 * io.pinscope.compat.otlp.JavaSdkSender}, {@link io.pinscope.compat.otlp.ScriptSender} and {@link
 * io.pinscope.compat.otlp.OtlpJsonSender}.
 */
@NullMarked
package io.pinscope.compat.otlp;

import org.jspecify.annotations.NullMarked;
