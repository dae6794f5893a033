package io.pinscope.receiver.transport;

/** No request body byte arrived for the upload idle timeout: answered 408 / DEADLINE_EXCEEDED. */
final class UploadStalledException extends RuntimeException {
  UploadStalledException(String message) {
    super(message, null, false, false);
  }
}
