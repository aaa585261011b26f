/** Roles: naming rules and the role graph that turns a user into the role names ACLs grant to; no HTTP. */
package io.heliobase.server.roles;
