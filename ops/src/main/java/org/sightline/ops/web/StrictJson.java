package org.sightline.ops.web;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * JSON is read as written: no value is converted to another type. A number is no boolean
 * (a customer's consent must be {@code true}, not {@code 2}), no enum, no text, and a
 * fraction is no whole number; a key given twice is refused rather than the last one winning.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictJsonReading() {
        return builder -> builder
                .featuresToEnable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                        StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature())
                .featuresToDisable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .postConfigurer(mapper -> {
                    refuse(mapper, LogicalType.Boolean, CoercionInputShape.Integer,
                            CoercionInputShape.Float, CoercionInputShape.String);
                    refuse(mapper, LogicalType.Integer, CoercionInputShape.Float,
                            CoercionInputShape.String, CoercionInputShape.Boolean);
                    refuse(mapper, LogicalType.Float, CoercionInputShape.String,
                            CoercionInputShape.Boolean);
                    refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer,
                            CoercionInputShape.Float, CoercionInputShape.Boolean);
                    refuse(mapper, LogicalType.Enum, CoercionInputShape.Integer,
                            CoercionInputShape.Float);
                });
    }

    private static void refuse(ObjectMapper mapper,
            LogicalType type, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
        }
    }
}
