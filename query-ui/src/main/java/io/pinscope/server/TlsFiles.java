package io.pinscope.server;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * The PEM files of the server's TLS ({@code --tls-cert}, {@code --tls-key}): the certificate chain (the
 * server's certificate first) and its unencrypted PKCS#8 private key. One pair serves every port.
 */
public record TlsFiles(Path certificateChain, Path privateKey) {
  public TlsFiles {
    requireNonNull(certificateChain, "certificateChain");
    requireNonNull(privateKey, "privateKey");
  }
}
