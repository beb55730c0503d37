package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.Quote;
import io.s3bulkrestore.model.RestoreSource;
import io.s3bulkrestore.model.SourceStorageClass;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the parts of a job that a source and a quote add are laid out on its job item: the {@code source} map (bucket
 * and filters), the {@code quote} map once Batch Operations counted the objects, and the {@code confirmRequested}
 * flag. Absent on every job created without them. Only this class knows these attribute names.
 */
final class SourceJobAttributes {

    static final String SOURCE = "source";
    static final String CONFIRM = "confirm";
    static final String QUOTE = "quote";
    static final String CONFIRM_REQUESTED = "confirmRequested";

    private SourceJobAttributes() {
    }

    static AttributeValue source(RestoreSource source) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("bucket", s(source.bucket()));
        put(map, "prefix", source.prefix());
        put(map, "suffix", source.suffix());
        put(map, "substring", source.substring());
        if (source.createdAfter() != null) {
            map.put("createdAfter", s(source.createdAfter().toString()));
        }
        if (source.createdBefore() != null) {
            map.put("createdBefore", s(source.createdBefore().toString()));
        }
        if (source.sizeGreaterThanBytes() != null) {
            map.put("sizeGreaterThan", n(source.sizeGreaterThanBytes()));
        }
        if (source.sizeLessThanBytes() != null) {
            map.put("sizeLessThan", n(source.sizeLessThanBytes()));
        }
        map.put("storageClasses", AttributeValue.fromL(source.storageClasses().stream()
                .map(c -> s(c.name())).toList()));
        return AttributeValue.fromM(map);
    }

    static RestoreSource sourceOf(AttributeValue value) {
        Map<String, AttributeValue> map = value.m();
        return new RestoreSource(
                map.get("bucket").s(),
                text(map, "prefix"),
                text(map, "suffix"),
                text(map, "substring"),
                instant(map, "createdAfter"),
                instant(map, "createdBefore"),
                number(map, "sizeGreaterThan"),
                number(map, "sizeLessThan"),
                map.get("storageClasses").l().stream().map(c -> SourceStorageClass.valueOf(c.s())).toList());
    }

    static AttributeValue quote(Quote quote) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("objects", n(quote.objects()));
        map.put("bytes", n(quote.bytes()));
        map.put("bytesExact", AttributeValue.fromBool(quote.bytesExact()));
        map.put("bytesMethod", s(quote.bytesMethod()));
        map.put("byStorageClass", AttributeValue.fromL(quote.byStorageClass().stream()
                .map(SourceJobAttributes::classQuote).toList()));
        map.put("batchOperationsUsd", s(quote.batchOperationsUsd().toPlainString()));
        map.put("trackingUsd", s(quote.trackingUsd().toPlainString()));
        map.put("totalUsd", s(quote.totalUsd().toPlainString()));
        map.put("pricesSource", s(quote.pricesSource()));
        map.put("quotedAt", s(quote.quotedAt().toString()));
        map.put("expiresAt", s(quote.expiresAt().toString()));
        return AttributeValue.fromM(map);
    }

    private static AttributeValue classQuote(Quote.ClassQuote line) {
        return AttributeValue.fromM(Map.of(
                "storageClass", s(line.storageClass().name()),
                "batchJobId", s(line.batchJobId()),
                "objects", n(line.objects()),
                "bytes", n(line.bytes()),
                "bytesExact", AttributeValue.fromBool(line.bytesExact()),
                "restoreRequestsUsd", s(line.restoreRequestsUsd().toPlainString()),
                "retrievalUsd", s(line.retrievalUsd().toPlainString()),
                "readyWithin", s(line.readyWithin().toString())));
    }

    static Quote quoteOf(AttributeValue value) {
        Map<String, AttributeValue> map = value.m();
        List<Quote.ClassQuote> lines = map.get("byStorageClass").l().stream().map(l -> {
            Map<String, AttributeValue> m = l.m();
            return new Quote.ClassQuote(SourceStorageClass.valueOf(m.get("storageClass").s()),
                    m.get("batchJobId").s(), Long.parseLong(m.get("objects").n()), Long.parseLong(m.get("bytes").n()),
                    m.get("bytesExact").bool(), new BigDecimal(m.get("restoreRequestsUsd").s()),
                    new BigDecimal(m.get("retrievalUsd").s()), Duration.parse(m.get("readyWithin").s()));
        }).toList();
        return new Quote(Long.parseLong(map.get("objects").n()), Long.parseLong(map.get("bytes").n()),
                map.get("bytesExact").bool(), map.get("bytesMethod").s(), lines,
                new BigDecimal(map.get("batchOperationsUsd").s()), new BigDecimal(map.get("trackingUsd").s()),
                new BigDecimal(map.get("totalUsd").s()), map.get("pricesSource").s(),
                Instant.parse(map.get("quotedAt").s()), Instant.parse(map.get("expiresAt").s()));
    }

    private static void put(Map<String, AttributeValue> map, String name, String value) {
        if (value != null) {
            map.put(name, s(value));
        }
    }

    private static String text(Map<String, AttributeValue> map, String name) {
        AttributeValue value = map.get(name);
        return value == null ? null : value.s();
    }

    private static Instant instant(Map<String, AttributeValue> map, String name) {
        AttributeValue value = map.get(name);
        return value == null ? null : Instant.parse(value.s());
    }

    private static Long number(Map<String, AttributeValue> map, String name) {
        AttributeValue value = map.get(name);
        return value == null ? null : Long.parseLong(value.n());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
