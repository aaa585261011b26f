package io.heliobase.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dependency rules of ARCHITECTURE.md, checked on the compiled classes. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.heliobase");

    @Test
    void coreKnowsNoFrameworkOrDatabase() {
        noClasses().that().resideInAPackage("io.heliobase.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.helidon..", "com.mongodb..", "org.bson..",
                        "de.bwaldvogel..", "io.heliobase.server..")
                .because("core is the pure domain; move framework code to server/app and pass plain values in")
                .check(CLASSES);
    }

    @Test
    void onlyStoragePackagesTalkToMongo() {
        noClasses().that().resideInAPackage("io.heliobase.server..")
                .and().resideOutsideOfPackages("io.heliobase.server.storage..", "io.heliobase.server.files..")
                .and().doNotHaveSimpleName("Heliobase")
                .should().dependOnClassesThat().resideInAnyPackage("com.mongodb.client.model..", "org.bson..")
                .because("features reach data through core's StorageAdapter; only storage/ (and GridFS in files/)"
                        + " may speak the driver's API")
                .check(CLASSES);
    }

    @Test
    void onlyTheSandboxTouchesGraal() {
        noClasses().that().resideOutsideOfPackage("io.heliobase.cloudcode.sandbox..")
                .should().dependOnClassesThat().resideInAPackage("org.graalvm..")
                .because("JavaScript runs behind one JSON-only boundary; put engine code in cloudcode.sandbox")
                .check(CLASSES);
    }

    @Test
    void featuresDoNotReachIntoTheEmbeddedStore() {
        noClasses().that().resideInAPackage("io.heliobase.server..")
                .and().resideOutsideOfPackages("io.heliobase.server.storage.embedded..")
                .and().doNotHaveSimpleName("Heliobase").and().doNotHaveSimpleName("Main")
                .should().dependOnClassesThat().resideInAnyPackage("io.heliobase.server.storage.embedded..",
                        "de.bwaldvogel..", "org.h2..")
                .because("the embedded store is an implementation detail started by the composition root")
                .check(CLASSES);
    }
}
