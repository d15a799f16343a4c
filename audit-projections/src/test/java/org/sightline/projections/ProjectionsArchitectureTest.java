package org.sightline.projections;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "org.sightline.projections",
        importOptions = ImportOption.DoNotIncludeTests.class)
class ProjectionsArchitectureTest {

    @ArchTest
    static final ArchRule projections_send_no_commands = noClasses()
            .should().dependOnClassesThat()
            .resideInAnyPackage("org.axonframework.commandhandling..");

    @ArchTest
    static final ArchRule read_models_read_no_clock_so_that_a_replay_gives_the_same_rows =
            noClasses().that()
                    .resideInAnyPackage("..sessionlog..", "..sessionlist..")
                    .should().dependOnClassesThat()
                    .haveFullyQualifiedName("java.time.Clock");
}
