/**
 * Agent tools: the registry cloud code declares with {@code Heliobase.tool}, served as JSON Schema for LLM function
 * calling, and each call validated, permission-checked, recorded in {@code _ToolCall}, held for approval when the
 * tool asks for it, made idempotent by {@code X-Parse-Request-Id}, tied to an {@code _AgentTask} and audited.
 */
package io.heliobase.server.tools;
