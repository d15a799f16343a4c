package org.sightline.contracts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "org.sightline.contracts",
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The JDK's own cryptography (javax.crypto) is the JDK, not a framework. */
    @ArchTest
    static final ArchRule contracts_depend_on_no_framework_but_jackson_annotations = classes()
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "javax.crypto..", "org.sightline.contracts..",
                    "com.fasterxml.jackson.annotation..");

    @ArchTest
    static final ArchRule events_are_records = classes()
            .that()
            .implement(AuditEvent.class)
            .should()
            .beRecords();

    @ArchTest
    static final ArchRule commands_are_records = classes()
            .that()
            .implement(LsidCommand.class)
            .should()
            .beRecords();
}
