/** Users: sign-up, login, password hashing and the _User write rules; storage only through the data pipeline. */
package io.heliobase.server.users;
