package io.chronicleledger.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The boundaries between the modules, checked on the compiled main classes of every module (this module's
 * test class path holds them all): a fully qualified name or a wildcard import cannot slip past, as it could
 * past a search of the sources.
 */
@DisplayName("Module boundaries")
class ModuleBoundariesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.chronicleledger");
    }

    @Test
    @DisplayName("no module but chronicle-core uses its internal package; adapters use its support package")
    void internal_package_is_used_by_core_alone() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("io.chronicleledger.core..")
                .should().dependOnClassesThat().resideInAPackage("io.chronicleledger.core.internal..")
                .because("that package holds implementation details of chronicle-core; what adapters may use"
                        + " is in io.chronicleledger.core.support");
        rule.check(classes);
    }

    @Test
    @DisplayName("chronicle-core knows no adapter: it depends on no store and not on the server")
    void core_depends_on_no_adapter() {
        ArchRule rule = noClasses().that().resideInAPackage("io.chronicleledger.core..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.chronicleledger.store..", "io.chronicleledger.server..")
                .because("the adapters depend on the core, never the other way round");
        rule.check(classes);
    }
}
