package io.heliobase.server.auth.oidc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package-info promise, checked on the compiled classes. */
class OidcPackageRulesTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.heliobase.server.auth.oidc");

    @Test
    void signInVerificationKnowsNoFrameworkStorageOrOtherFeature() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.helidon..", "com.mongodb..", "org.bson..",
                        "io.heliobase.server.users..", "io.heliobase.server.storage..", "io.heliobase.server.http..",
                        "io.heliobase.server.settings..", "io.heliobase.server.data..")
                .because("callers pass configuration and authData in; the login flow stays in users/")
                .check(CLASSES);
    }
}
