/** The /config routes for Parse.Config; storage through the adapter only. */
package io.heliobase.server.globalconfig;
