/** The where-language as a typed tree, its parser and find options; knows no database. */
package io.heliobase.core.query;
