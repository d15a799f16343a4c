package org.sightline.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sightline.contracts.catalogue.EventType;

class EventCatalogueTest {

    private static final List<Class<?>> EVENT_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.sightline.contracts")
            .stream()
            .filter(type -> type.isAssignableTo(AuditEvent.class) && !type.isInterface())
            .map(JavaClass::reflect)
            .<Class<?>>map(type -> type)
            .toList();

    @Test
    void everyEventClassIsInTheCatalogue() {
        assertThat(EVENT_CLASSES).isNotEmpty();
        assertThat(EVENT_CLASSES)
                .allSatisfy(type -> assertThat(EventType.of(type))
                        .as("%s in the catalogue", type.getName())
                        .isPresent());
    }

    @Test
    void theCatalogueListsEachEventClassOnce() {
        assertThat(Arrays.stream(EventType.values()).<Class<?>>map(EventType::eventClass))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(EVENT_CLASSES);
    }

    @Test
    void namesAndCodesAreUnique() {
        assertThat(Arrays.stream(EventType.values()).map(EventType::typeName))
                .doesNotHaveDuplicates();
        assertThat(Arrays.stream(EventType.values()).map(EventType::code))
                .doesNotHaveDuplicates();
    }

    @Test
    void codesAreGroupedByArea() {
        for (EventType type : EventType.values()) {
            String area = type.typeName().substring(0, type.typeName().indexOf('.'));
            int group = type.code() / 1000;
            assertThat(group)
                    .as("code of %s", type.typeName())
                    .isEqualTo(switch (area) {
                        case "session" -> 1;
                        case "console" -> 2;
                        case "config" -> 3;
                        case "audit" -> 4;
                        case "retention" -> 5;
                        default -> throw new AssertionError("unknown area " + area);
                    });
        }
    }
}
