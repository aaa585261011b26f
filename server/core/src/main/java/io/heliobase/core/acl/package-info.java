/** Access rules (class-level permissions, ACL entries) as pure functions of caller and data; no I/O. */
package io.heliobase.core.acl;
