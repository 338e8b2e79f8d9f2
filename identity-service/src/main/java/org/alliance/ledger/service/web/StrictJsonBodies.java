package org.alliance.ledger.service.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import org.alliance.ledger.core.codec.JsonInputException;
import org.alliance.ledger.core.codec.StrictJson;
import org.alliance.ledger.service.problem.ApiException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Reads every JSON request body the way the ledger reads evidence, before it is bound to the
 * request type: UTF-8 only (no UTF-16 or UTF-32, which Jackson would otherwise guess from the first
 * bytes, no byte order mark), one value per member name (a duplicated {@code "homeOrg"} would let
 * the check and the record see different values), well-formed, not nested deeper than
 * {@value StrictJson#MAX_DEPTH} and at most {@value #MAX_BODY_BYTES} bytes. A refusal is a 400
 * problem naming the flaw ({@code NOT_UTF8}, {@code DUPLICATE_KEY}, {@code JSON_TOO_DEEP},
 * {@code MALFORMED_JSON}, which includes a number of more than 64 digits), or 413
 * {@code JSON_TOO_LARGE}. Byte-array bodies (the internal ledger endpoint) are passed through:
 * their reader checks them.
 */
@ControllerAdvice
public class StrictJsonBodies extends RequestBodyAdviceAdapter {
    /** The largest JSON body the API reads. */
    public static final int MAX_BODY_BYTES = StrictJson.MAX_DOCUMENT_BYTES;

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return targetType != byte[].class;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        if (!StrictRequestFilter.isJson(input.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE))) {
            return input;
        }
        byte[] body = input.getBody().readNBytes(MAX_BODY_BYTES + 1);
        check(body);
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return input.getHeaders();
            }
        };
    }

    /**
     * Checks one body.
     *
     * @param body the bytes as received, up to one byte over the limit
     * @throws ApiException when the body is refused
     */
    static void check(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "JSON_TOO_LARGE",
                    "a JSON body is at most " + MAX_BODY_BYTES + " bytes");
        }
        if (!StrictRequestFilter.isUtf8(body) || startsWithByteOrderMark(body)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "NOT_UTF8", "a JSON body must be UTF-8 without a byte order mark");
        }
        for (byte b : body) {
            // Never in JSON text (it must be escaped), but in every ASCII character of UTF-16 or UTF-32.
            if (b == 0) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "NOT_UTF8", "a JSON body must be UTF-8, not UTF-16 or UTF-32");
            }
        }
        try {
            StrictJson.parseTree(body, MAX_BODY_BYTES);
        } catch (JsonInputException e) {
            String reason = switch (e.kind()) {
                case DUPLICATE_KEY -> "DUPLICATE_KEY";
                case TOO_DEEP -> "JSON_TOO_DEEP";
                default -> "MALFORMED_JSON";
            };
            throw new ApiException(HttpStatus.BAD_REQUEST, reason, e.getMessage());
        }
    }

    private static boolean startsWithByteOrderMark(byte[] body) {
        return body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf;
    }
}
