package io.orderflow.app;

import java.util.ArrayList;
import java.util.List;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** DESIGN §1: nothing but app reaches across modules, except through core-api and the owners' ports. */
class ModuleBoundariesTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.orderflow");
    }

    static void mayOnlyUse(String module, String... allowed) {
        var others = new ArrayList<>(List.of("io.orderflow.coreapi..", "io.orderflow.command..",
                "io.orderflow.saga..", "io.orderflow.projection..", "io.orderflow.query..", "io.orderflow.gateway..",
                "io.orderflow.infra..", "io.orderflow.sandbox..", "io.orderflow.app.."));
        others.remove(module);
        others.removeAll(List.of(allowed));
        noClasses().that().resideInAPackage(module)
                .should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new))
                .because(module + " may only use " + String.join(", ", allowed))
                .check(classes);
    }

    @Test
    void coreApiDependsOnNothingOfOurs() {
        mayOnlyUse("io.orderflow.coreapi..");
    }

    @Test
    void commandSideUsesOnlyCoreApi() {
        mayOnlyUse("io.orderflow.command..", "io.orderflow.coreapi..");
    }

    @Test
    void sagasUseOnlyCoreApi() {
        mayOnlyUse("io.orderflow.saga..", "io.orderflow.coreapi..");
    }

    @Test
    void projectionsUseOnlyCoreApi() {
        mayOnlyUse("io.orderflow.projection..", "io.orderflow.coreapi..");
    }

    @Test
    void querySideUsesCoreApiAndTheWriteSidesPortsItImplements() {
        mayOnlyUse("io.orderflow.query..", "io.orderflow.coreapi..", "io.orderflow.command..");
        noClasses().that().resideInAPackage("io.orderflow.query..")
                .should().dependOnClassesThat(DescribedPredicate.describe("command-side classes that are not ports",
                        c -> c.getPackageName().startsWith("io.orderflow.command")
                                && !c.getPackageName().equals("io.orderflow.command.port")))
                .check(classes);
    }

    @Test
    void gatewayUsesOnlyCoreApi() {
        mayOnlyUse("io.orderflow.gateway..", "io.orderflow.coreapi..");
    }

    @Test
    void sandboxIsAForeignSystem() {
        mayOnlyUse("io.orderflow.sandbox..", "io.orderflow.coreapi..");
    }

    @Test
    void infraUsesCoreApiAndThePortsItImplements() {
        noClasses().that().resideInAPackage("io.orderflow.infra..")
                .should().dependOnClassesThat().resideInAnyPackage("io.orderflow.saga..", "io.orderflow.projection..",
                        "io.orderflow.query..", "io.orderflow.sandbox..", "io.orderflow.app..")
                .check(classes);
        noClasses().that().resideInAPackage("io.orderflow.infra..")
                .should().dependOnClassesThat(DescribedPredicate.describe(
                        "command-side or gateway classes that are not ports",
                        c -> (c.getPackageName().startsWith("io.orderflow.command")
                                && !c.getPackageName().equals("io.orderflow.command.port"))
                                || (c.getPackageName().startsWith("io.orderflow.gateway")
                                && !c.getPackageName().equals("io.orderflow.gateway.port"))))
                .check(classes);
    }

    /** Inside a module too, packages form layers: no package reaches another that reaches back to it. */
    @Test
    void noPackageCycles() {
        slices().matching("io.orderflow.(**)").as("packages").should().beFreeOfCycles().check(classes);
    }
}
