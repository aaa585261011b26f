/** The GraalJS sandbox (engine, contexts, budgets); the only package that may touch org.graalvm. */
package io.heliobase.cloudcode.sandbox;
