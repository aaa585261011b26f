/** Class schemas, field types, system classes and naming rules; pure Java + Jackson, no storage. */
package io.heliobase.core.schema;
