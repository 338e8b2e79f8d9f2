package org.alliance.ledger.service.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.List;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the OpenAPI document says beyond the handlers' signatures: the {@code Idempotency-Key}
 * header of every {@link Idempotent} operation, and the problem+json body every refusal has.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocumentation {
    /** The name of the refusal's schema in the document's components. */
    static final String PROBLEM = "Problem";

    /**
     * Lists the idempotency header on the operations that take it.
     *
     * @return the customizer
     */
    @Bean
    public GlobalOperationCustomizer idempotencyHeader() {
        return (operation, handler) -> {
            if (handler.hasMethodAnnotation(Idempotent.class)) {
                operation.addParametersItem(new HeaderParameter().name(Idempotency.HEADER).required(false)
                        .description("Makes the write repeatable: a repeat with the same key and the same request "
                                + "answers the first response again (header " + Idempotency.REPLAYED + ": true); the "
                                + "same key with another request is 422 IDEMPOTENCY_KEY_REUSED")
                        .schema(new StringSchema().pattern("^" + Idempotency.KEY_PATTERN + "$")));
            }
            return operation;
        };
    }

    /**
     * Describes every answer other than the documented ones as a problem+json document with a
     * machine-readable reason.
     *
     * @return the customizer
     */
    @Bean
    public GlobalOpenApiCustomizer problemResponses() {
        return openApi -> {
            Schema<?> problem = new ObjectSchema()
                    .addProperty("type", new StringSchema())
                    .addProperty("title", new StringSchema())
                    .addProperty("status", new IntegerSchema())
                    .addProperty("detail", new StringSchema())
                    .addProperty("instance", new StringSchema())
                    .addProperty("reason", new StringSchema().description("the machine-readable reason"))
                    .addProperty("field", new StringSchema().description("the request field at fault, where one is"))
                    .required(List.of("status", "reason"));
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, problem);
            ApiResponse refusal = new ApiResponse().description("A refusal, as problem+json")
                    .content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
            if (openApi.getPaths() != null) {
                openApi.getPaths().values().forEach(path -> path.readOperations()
                        .forEach(operation -> operation.getResponses().addApiResponse("default", refusal)));
            }
        };
    }
}
