package org.sightline.projections;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.sightline.projections.retention.RetentionJob;

@AnalyzeClasses(packages = "org.sightline.projections",
        importOptions = ImportOption.DoNotIncludeTests.class)
class ProjectionsArchitectureTest {

    /** Only the retention job asks sessions to expire; no read model sends a command. */
    @ArchTest
    static final ArchRule projections_send_no_commands = noClasses()
            .that().doNotHaveFullyQualifiedName(RetentionJob.class.getName())
            .should().dependOnClassesThat()
            .resideInAnyPackage("org.axonframework.commandhandling..");

    /** A replay must never send a command: the retention job handles no events. */
    @ArchTest
    static final ArchRule the_retention_job_is_no_event_handler = noClasses()
            .that().haveFullyQualifiedName(RetentionJob.class.getName())
            .should().beAnnotatedWith(ProcessingGroup.class)
            .andShould().dependOnClassesThat()
            .haveFullyQualifiedName(EventHandler.class.getName());

    @ArchTest
    static final ArchRule read_models_read_no_clock_so_that_a_replay_gives_the_same_rows =
            noClasses().that()
                    .resideInAnyPackage("..sessionlog..", "..sessionlist..")
                    .should().dependOnClassesThat()
                    .haveFullyQualifiedName("java.time.Clock");
}
