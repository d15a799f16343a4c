package org.sightline.ops;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.axonframework.spring.stereotype.Aggregate;

/** The module edges of DESIGN.md §2, checked over every module's classes. */
@AnalyzeClasses(packages = "org.sightline", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleEdgesTest {

    private static final String CONTRACTS = "org.sightline.contracts..";
    private static final String COMMAND = "org.sightline.command..";
    private static final String QUERY = "org.sightline.query..";
    private static final String PROJECTIONS = "org.sightline.projections..";
    private static final String RELAY = "org.sightline.relay..";
    private static final String OPS = "org.sightline.ops..";

    @ArchTest
    static final ArchRule the_command_side_depends_on_no_sibling_but_the_contracts =
            noClasses().that().resideInAPackage(COMMAND)
                    .should().dependOnClassesThat()
                    .resideInAnyPackage(QUERY, PROJECTIONS, RELAY, OPS);

    @ArchTest
    static final ArchRule the_query_side_depends_on_no_sibling_but_the_contracts =
            noClasses().that().resideInAPackage(QUERY)
                    .should().dependOnClassesThat()
                    .resideInAnyPackage(COMMAND, PROJECTIONS, RELAY, OPS);

    @ArchTest
    static final ArchRule the_projections_depend_on_no_sibling_but_the_contracts =
            noClasses().that().resideInAPackage(PROJECTIONS)
                    .should().dependOnClassesThat()
                    .resideInAnyPackage(COMMAND, QUERY, RELAY, OPS);

    @ArchTest
    static final ArchRule the_relay_depends_on_no_sibling_but_the_contracts =
            noClasses().that().resideInAPackage(RELAY)
                    .should().dependOnClassesThat()
                    .resideInAnyPackage(COMMAND, QUERY, PROJECTIONS, OPS);

    @ArchTest
    static final ArchRule the_contracts_depend_on_no_other_module =
            noClasses().that().resideInAPackage(CONTRACTS)
                    .should().dependOnClassesThat()
                    .resideInAnyPackage(COMMAND, QUERY, PROJECTIONS, RELAY, OPS);

    @ArchTest
    static final ArchRule aggregates_refer_to_each_other_by_id_only =
            classes().that().areAnnotatedWith(Aggregate.class)
                    .should(referToNoOtherAggregate())
                    .allowEmptyShould(false);

    private static ArchCondition<JavaClass> referToNoOtherAggregate() {
        return new ArchCondition<>("refer to no other aggregate class") {
            @Override
            public void check(JavaClass aggregate, ConditionEvents events) {
                for (Dependency dependency : aggregate.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass();
                    if (!target.equals(aggregate) && target.isAnnotatedWith(Aggregate.class)) {
                        events.add(SimpleConditionEvent.violated(dependency,
                                dependency.getDescription()));
                    }
                }
            }
        };
    }
}
