package io.s3bulkrestore.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * The API's one ObjectMapper. Reading is strict: a repeated field or anything after the JSON value
 * is an error, because two readers (ours and the client's) must never disagree about what a body says.
 * Numbers keep their JSON kind: whole numbers become Integer, Long or BigInteger, fractions Double.
 */
final class ApiJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ApiJson() {
    }

    /** Any JSON value: a Map, List, String, Number, Boolean, or null for the JSON literal null. */
    static Object read(byte[] json) throws IOException {
        return MAPPER.readValue(json, Object.class);
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Our own response records always serialise; failing here is a programming error.
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
