/** Account emails: verification and password reset, their one-time tokens and pages; mail is sent only from here. */
package io.heliobase.server.users.email;
