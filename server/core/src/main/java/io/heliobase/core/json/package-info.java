/** JSON parsing with hard limits and Parse's date format; depends only on Jackson. */
package io.heliobase.core.json;
