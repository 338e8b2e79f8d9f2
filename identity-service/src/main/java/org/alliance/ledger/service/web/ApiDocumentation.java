package org.alliance.ledger.service.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.service.security.SecurityProperties;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * What the OpenAPI document says beyond the handlers' signatures: its title, version and
 * description; the security scheme of the configured sign-in mode (HTTP Basic for
 * {@code users}, a JWT bearer token for {@code jwt}) and, per operation, the roles the security
 * filter lets through, read from the filter chain itself so the document cannot drift from it;
 * the form fields of a multipart operation as parts of its body; the {@code Idempotency-Key} header
 * of every {@link Idempotent} operation; and each operation's refusals as problem+json, by status.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocumentation {
    /** The name of the refusal's schema in the document's components. */
    static final String PROBLEM = "Problem";
    /** The security scheme in {@code users} mode. */
    public static final String BASIC = "basicAuth";
    /** The security scheme in {@code jwt} mode. */
    public static final String BEARER = "bearerAuth";

    private static final String TITLE = "跨省通办证据账本 · 办件与身份核验服务 API (Alliance evidence ledger service)";
    private static final String DESCRIPTION = """
            本服务代表联盟中的一个地区（配置项 `alliance.org`）：自助终端的身份核验、跨地区办件的受理与流转、\
            证照的签发与核验、结果互认和审计查询。每一步都生成一条签名的证据记录，先由账本规则预演，再经发件箱写入账本。
            个人信息不上链：链上只有带密钥的承诺值、哈希、签名、决定与时间。

            **登录**：点击 “Authorize”，用本实例的登录方式（`users` 模式为 HTTP Basic 用户名和密码，\
            `jwt` 模式为身份提供方签发的 Bearer 令牌）。每个操作列出可调用它的角色；未列安全要求的操作是公开的。
            开发用户（仅开发环境）：`applicant`、`clerk`、`approver`、`issuer`、`auditor`、`admin`，\
            密码均为 `alliance-dev`。

            **错误**：所有拒绝都是 RFC 9457 `application/problem+json`，带机器可读的 `reason`（及出错的 `field`）；\
            被拒绝的请求不写入任何数据。写操作可带 `Idempotency-Key` 头，安全重试。

            ---

            This service acts for one region of the alliance (`alliance.org`): the kiosk's identity check, \
            receiving and routing cross-region cases, issuing and verifying certificates, recognition of other \
            regions' results, and audit queries. Each step is a signed evidence record, judged by the ledger's rules \
            in a dry run and written through an outbox. No personal data goes on the ledger.

            **Sign in** with "Authorize": HTTP Basic in `users` mode, the identity provider's bearer token in `jwt` \
            mode. Each operation lists the roles that may call it; one without a security requirement is public. \
            Development users (development only): the role names above, password `alliance-dev`.

            **Errors** are `application/problem+json` with a machine-readable `reason` (and `field`); a refused \
            request writes nothing. Writes take an optional `Idempotency-Key` header for safe retries.""";

    /** Path variables and wildcards of a mapping, replaced by a sample segment to ask the filter chain. */
    private static final Pattern VARIABLES = Pattern.compile("\\{[^}]+}|\\*\\*|\\*");

    /**
     * The document's title, version (the project's, from the build information), description,
     * server and security scheme.
     *
     * @param security the sign-in mode, which decides the scheme
     * @param build the build information; absent when the classes were not built by Maven
     * @return the document's frame, which springdoc fills with the operations
     */
    @Bean
    public OpenAPI apiInfo(SecurityProperties security, ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        // A relative server: "Try it out" calls the origin the document was read from, so a proxy in
        // front of the service (https, another host name) never makes it a cross-origin call.
        return new OpenAPI()
                .info(new Info().title(TITLE).version(properties == null ? "development" : properties.getVersion())
                        .description(DESCRIPTION))
                .servers(List.of(new Server().url("/").description("本服务 / this service")))
                .components(new Components().addSecuritySchemes(scheme(security.mode()), securityScheme(security.mode())));
    }

    /**
     * The name of the security scheme of a sign-in mode.
     *
     * @param mode the mode
     * @return {@value #BASIC} or {@value #BEARER}
     */
    public static String scheme(SecurityProperties.Mode mode) {
        return mode == SecurityProperties.Mode.JWT ? BEARER : BASIC;
    }

    private static SecurityScheme securityScheme(SecurityProperties.Mode mode) {
        return mode == SecurityProperties.Mode.JWT
                ? new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("身份提供方签发的访问令牌 / the identity provider's access token (JWT); "
                                + "its roles claim names the person's roles")
                : new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                        .description("本实例配置的用户 / a user configured on this instance "
                                + "(alliance.security.users)");
    }

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
                        .schema(new StringSchema().pattern("^" + Idempotency.KEY_PATTERN + "$"))
                        .example("0f6e2b1c-5d4a-4c1e-9a57-3b8d2f7e6a10"));
            }
            return operation;
        };
    }

    /**
     * Describes a multipart operation's form fields as parts of its {@code multipart/form-data}
     * body. Spring reads a {@code @RequestParam} from the query string or a form part alike, and
     * springdoc lists it as a query parameter; the service's clients send them as parts.
     *
     * @return the customizer
     */
    @Bean
    public GlobalOperationCustomizer multipartFields() {
        return (operation, handler) -> {
            MediaType multipart = operation.getRequestBody() == null || operation.getRequestBody().getContent() == null
                    ? null : operation.getRequestBody().getContent()
                            .get(org.springframework.http.MediaType.MULTIPART_FORM_DATA_VALUE);
            if (multipart == null) {
                return operation;
            }
            List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
            Schema<?> body = multipart.getSchema() == null ? new ObjectSchema() : multipart.getSchema();
            multipart.setSchema(body);
            for (Iterator<Parameter> it = parameters.iterator(); it.hasNext(); ) {
                Parameter field = it.next();
                if (!"query".equals(field.getIn())) {
                    continue;
                }
                Schema<?> part = field.getSchema() == null ? new StringSchema() : field.getSchema();
                if (field.getDescription() != null) {
                    part.description(field.getDescription());
                }
                if (field.getExample() != null) {
                    // Springdoc reads "true" or "3506…" as JSON; a form field's value is its text.
                    part.example("string".equals(part.getType()) || part.getTypes() != null && part.getTypes().contains("string")
                            ? field.getExample().toString() : field.getExample());
                }
                body.addProperty(field.getName(), part);
                if (Boolean.TRUE.equals(field.getRequired())) {
                    body.addRequiredItem(field.getName());
                }
                it.remove();
            }
            // Springdoc leaves a part's own @Parameter(required = true) out of the body's required list.
            for (MethodParameter parameter : handler.getMethodParameters()) {
                RequestPart part = parameter.getParameterAnnotation(RequestPart.class);
                io.swagger.v3.oas.annotations.Parameter doc = parameter
                        .getParameterAnnotation(io.swagger.v3.oas.annotations.Parameter.class);
                if (part != null && doc != null && doc.required()) {
                    String name = part.name().isEmpty() ? part.value().isEmpty() ? parameter.getParameterName()
                            : part.value() : part.name();
                    body.addRequiredItem(name);
                }
            }
            if (parameters.isEmpty()) {
                operation.setParameters(null);
            }
            return operation;
        };
    }

    /**
     * Declares each operation's security requirement and its refusals. Who may call an operation
     * is asked of the security filter chain ({@link WebInvocationPrivilegeEvaluator}) for an
     * anonymous caller and for each role: an operation anonymous callers reach declares no
     * requirement (or an optional one, {@link OptionalSignIn}); any other declares the scheme with
     * the roles that pass, and its 401 and 403. Every operation may answer 400 (the strict input
     * filter refuses an unreadable query or path anywhere); one with a body 413 and 415; an
     * {@link Idempotent} write, whose record the ledger's rules judge in a dry run, 404, 409, 422
     * and 503. Handlers declare their own other refusals with {@code @ApiResponse}.
     *
     * @param security the sign-in mode
     * @param evaluator the security filter chains' decision
     * @param mappings the handlers' mappings, for each operation's path and method
     * @return the customizer
     */
    @Bean
    public GlobalOperationCustomizer securityAndRefusals(SecurityProperties security,
            ObjectProvider<WebInvocationPrivilegeEvaluator> evaluator,
            @Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings) {
        return (operation, handler) -> {
            Access access = access(evaluator.getObject(), mappings.getObject(), handler);
            OptionalSignIn optional = handler.getMethodAnnotation(OptionalSignIn.class);
            String scheme = scheme(security.mode());
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            operation.setResponses(responses);
            List<String> roles = optional != null ? Arrays.stream(optional.value()).map(Role::externalName).toList()
                    : access.roles();
            if (!access.anonymous() || optional != null) {
                List<SecurityRequirement> requirements = new ArrayList<>();
                if (access.anonymous()) {
                    requirements.add(new SecurityRequirement());
                }
                requirements.add(new SecurityRequirement().addList(scheme, roles));
                operation.setSecurity(requirements);
                String who = String.join(", ", roles);
                operation.setDescription((operation.getDescription() == null ? "" : operation.getDescription() + "\n\n")
                        + (access.anonymous() ? "公开；登录后可用角色 / public; signed in, more for: " : "角色 / roles: ")
                        + who);
                refusal(responses, "401", "未登录或凭据无效 / not signed in, or the credentials are refused "
                        + "(UNAUTHENTICATED)");
                refusal(responses, "403", "无权调用 / signed in without a role that may call this: " + who
                        + " (FORBIDDEN)");
            }
            refusal(responses, "400", "请求无法读取 / the request cannot be read (BAD_QUERY, BAD_PATH, BAD_FIELD, "
                    + "MISSING_FIELD, …)");
            if (operation.getRequestBody() != null) {
                refusal(responses, "413", "请求体过大 / the body is too large (JSON_TOO_LARGE, UPLOAD_TOO_LARGE, …)");
                refusal(responses, "415", "不支持的媒体类型 / a media type or charset the operation does not take "
                        + "(UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CHARSET)");
            }
            if (handler.hasMethodAnnotation(Idempotent.class)) {
                refusal(responses, "403", "账本规则拒绝 / the ledger's rules refuse the record (WRONG_ORG, WRONG_ROLE, "
                        + "NOT_A_MEMBER, …)");
                refusal(responses, "404", "未知的对象 / an unknown case, agreement, certificate or item (UNKNOWN_…)");
                refusal(responses, "409", "状态冲突 / the record conflicts with the ledger's state (WRONG_STATE, "
                        + "DUPLICATE_RECORD, VERSION_CONFLICT, …)");
                refusal(responses, "422", "内容不被接受 / the content is refused (UNKNOWN_MATERIAL, UNKNOWN_WINDOW, "
                        + "UNKNOWN_CERTIFICATE_TYPE, UNKNOWN_REASON, …), or IDEMPOTENCY_KEY_REUSED");
                refusal(responses, "503", "待写入账本的记录本身被拒绝，稍后重试 / a record still waiting for the ledger "
                        + "was itself refused; try again shortly (OUTBOX_BACKLOG_REFUSED)");
            }
            // Springdoc gives a handler's own @ApiResponse the return type's body; a refusal's is a problem.
            responses.forEach((status, response) -> {
                if (status.matches("[45]\\d\\d")) {
                    response.setContent(problemContent());
                }
            });
            return operation;
        };
    }

    /** Adds a refusal unless the handler describes that status itself. */
    private static void refusal(ApiResponses responses, String status, String description) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().description(description).content(problemContent()));
        }
    }

    private static Content problemContent() {
        return new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
    }

    /**
     * Who the filter chain lets reach a handler: anonymous callers, and which roles. Asked for the
     * handler's first path and method, with a sample segment for each variable.
     */
    private static Access access(WebInvocationPrivilegeEvaluator evaluator, RequestMappingHandlerMapping mappings,
            HandlerMethod handler) {
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            if (!e.getValue().getMethod().equals(handler.getMethod())) {
                continue;
            }
            String uri = VARIABLES.matcher(e.getKey().getPatternValues().iterator().next()).replaceAll("x");
            String method = e.getKey().getMethodsCondition().getMethods().stream().findFirst()
                    .orElse(RequestMethod.GET).name();
            Authentication anonymous = new AnonymousAuthenticationToken("openapi", "anonymousUser",
                    AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
            List<String> roles = new ArrayList<>();
            for (Role role : Role.values()) {
                // SERVICE is the instance's own ledger identity, never a person's role.
                Authentication person = UsernamePasswordAuthenticationToken.authenticated(role.externalName(), null,
                        AuthorityUtils.createAuthorityList("ROLE_" + role.name()));
                if (role != Role.SERVICE && evaluator.isAllowed("", uri, method, person)) {
                    roles.add(role.externalName());
                }
            }
            return new Access(evaluator.isAllowed("", uri, method, anonymous), roles);
        }
        throw new IllegalStateException("no mapping for " + handler);
    }

    /** Whether anonymous callers pass the filter, and the roles that do. */
    private record Access(boolean anonymous, List<String> roles) {
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
                    .addProperty("type", new StringSchema().example("about:blank"))
                    .addProperty("title", new StringSchema().example("Conflict"))
                    .addProperty("status", new IntegerSchema().example(409))
                    .addProperty("detail", new StringSchema().example("case ZZ-2026-000042 is RECEIVED"))
                    .addProperty("instance", new StringSchema().example("/api/cases/ZZ-2026-000042/approve"))
                    .addProperty("reason", new StringSchema().description("the machine-readable reason")
                            .example("WRONG_STATE"))
                    .addProperty("field", new StringSchema().description("the request field at fault, where one is"))
                    .required(List.of("status", "reason"));
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, problem);
            ApiResponse refusal = new ApiResponse().description("A refusal, as problem+json").content(problemContent());
            if (openApi.getPaths() != null) {
                openApi.getPaths().values().forEach(path -> path.readOperations()
                        .forEach(operation -> operation.getResponses().addApiResponse("default", refusal)));
            }
        };
    }
}
