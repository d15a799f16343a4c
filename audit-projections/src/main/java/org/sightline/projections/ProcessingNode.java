package org.sightline.projections;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * A bean of a node with the role {@code processing}: present unless {@code sightline.roles}
 * leaves that role out (the assembly states each role as {@code sightline.role.NAME}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnProperty(name = "sightline.role.processing", havingValue = "true",
        matchIfMissing = true)
public @interface ProcessingNode {
}
