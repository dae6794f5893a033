package io.pinscope.query;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.NodeCategory;
import io.pinscope.model.ServiceType;
import io.pinscope.model.ServiceTypeRegistry;

/**
 * A server-map node's identity: its name and service type code. Rendered {@code <name>^<TYPE_NAME>}; a USER
 * node is named after the application it calls ({@code shop^USER}).
 */
record NodeKey(String name, int typeCode) {
  NodeKey {
    requireNonNull(name, "name");
  }

  ServiceType type() {
    return ServiceTypeRegistry.ofCode(typeCode);
  }

  NodeCategory category() {
    return type().category();
  }

  /** True for nodes that are neither applications nor USER nodes: map search stops at them. */
  boolean isTerminal() {
    NodeCategory c = category();
    return c != NodeCategory.SERVER && c != NodeCategory.USER;
  }

  String render() {
    return name + '^' + type().name();
  }

  /**
   * Parses {@code <name>^<TYPE_NAME>} (the name may itself hold {@code ^}; the last one separates).
   *
   * @throws IllegalArgumentException naming {@code param} when the text is no node key
   */
  static NodeKey parse(String param, String text) {
    int caret = text.lastIndexOf('^');
    if (caret <= 0 || caret == text.length() - 1) {
      throw new IllegalArgumentException(
          param + ": " + text + " (expected: a node key <name>^<SERVICE_TYPE>, e.g. frontend^JAVA)");
    }
    ServiceType type = ServiceTypeRegistry.ofName(text.substring(caret + 1));
    if (type == null) {
      throw new IllegalArgumentException(param + ": " + text + " (expected: a known service type after '^')");
    }
    return new NodeKey(text.substring(0, caret), type.code());
  }

  @Override
  public String toString() {
    return render();
  }
}
