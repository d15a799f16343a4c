package org.sightline.command;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.axonframework.spring.stereotype.Aggregate;

@AnalyzeClasses(packages = "org.sightline.command",
        importOptions = ImportOption.DoNotIncludeTests.class)
class CommandSideArchitectureTest {

    @ArchTest
    static final ArchRule aggregates_know_nothing_of_the_web_or_the_database = noClasses()
            .that().areAnnotatedWith(Aggregate.class)
            .should().dependOnClassesThat()
            .resideInAnyPackage("org.springframework.web..", "org.springframework.http..",
                    "org.springframework.jdbc..", "java.sql..", "reactor..");

    @ArchTest
    static final ArchRule controllers_send_commands_only_through_the_command_sender = noClasses()
            .that().haveSimpleNameEndingWith("Controller")
            .should().dependOnClassesThat()
            .haveSimpleName("CommandGateway");

    @ArchTest
    static final ArchRule controllers_are_not_public = classes()
            .that().haveSimpleNameEndingWith("Controller")
            .should().notBePublic();
}
