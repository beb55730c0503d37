package io.s3bulkrestore.restore;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * Retrieval prices per archive and tier: dollars per GB retrieved and per 1,000 restore requests.
 *
 * <p>Defaults: Amazon S3 pricing page, region us-east-1, as read on 2026-11-20 (and the S3 User Guide,
 * "Archive retrieval options": Bulk is free for Glacier Flexible Retrieval and Intelligent-Tiering,
 * Standard is free for Intelligent-Tiering). Prices change and differ per region: override them with
 * a properties file whose keys are {@code <ARCHIVE>.<TIER>.per-gb} and
 * {@code <ARCHIVE>.<TIER>.per-1000-requests}, e.g. {@code DEEP_ARCHIVE.BULK.per-gb=0.0025}.
 */
public final class RetrievalPrices {

    public static final String SOURCE = "https://aws.amazon.com/s3/pricing/ (us-east-1, read 2026-11-20)";

    /** Dollars per GB retrieved and per 1,000 requests. */
    public record Price(BigDecimal perGb, BigDecimal per1000Requests) {
        static Price of(String perGb, String per1000) {
            return new Price(new BigDecimal(perGb), new BigDecimal(per1000));
        }
    }

    private final Map<ArchiveClass, Map<RetrievalTier, Price>> prices;

    private RetrievalPrices(Map<ArchiveClass, Map<RetrievalTier, Price>> prices) {
        this.prices = prices;
    }

    public static RetrievalPrices documented() {
        Map<ArchiveClass, Map<RetrievalTier, Price>> prices = new EnumMap<>(ArchiveClass.class);
        prices.put(ArchiveClass.GLACIER, tiers(Price.of("0.03", "10.00"), Price.of("0.01", "0.05"),
                Price.of("0", "0")));
        prices.put(ArchiveClass.DEEP_ARCHIVE, tiers(null, Price.of("0.02", "0.10"), Price.of("0.0025", "0.025")));
        prices.put(ArchiveClass.INTELLIGENT_TIERING_ARCHIVE_ACCESS, tiers(Price.of("0.03", "10.00"),
                Price.of("0", "0"), Price.of("0", "0")));
        prices.put(ArchiveClass.INTELLIGENT_TIERING_DEEP_ARCHIVE_ACCESS, tiers(null, Price.of("0", "0"),
                Price.of("0", "0")));
        return new RetrievalPrices(prices);
    }

    private static Map<RetrievalTier, Price> tiers(Price expedited, Price standard, Price bulk) {
        Map<RetrievalTier, Price> tiers = new EnumMap<>(RetrievalTier.class);
        if (expedited != null) {
            tiers.put(RetrievalTier.EXPEDITED, expedited);
        }
        tiers.put(RetrievalTier.STANDARD, standard);
        tiers.put(RetrievalTier.BULK, bulk);
        return tiers;
    }

    /** The documented prices with every key of {@code overrides} replacing its default. */
    public RetrievalPrices overriddenBy(Properties overrides) {
        Map<ArchiveClass, Map<RetrievalTier, Price>> copy = new EnumMap<>(ArchiveClass.class);
        prices.forEach((archive, tiers) -> copy.put(archive, new EnumMap<>(tiers)));
        for (String key : overrides.stringPropertyNames()) {
            String[] parts = key.split("\\.");
            if (parts.length != 3) {
                throw new IllegalArgumentException("price key '" + key + "' is not <ARCHIVE>.<TIER>.per-gb or "
                        + "<ARCHIVE>.<TIER>.per-1000-requests");
            }
            ArchiveClass archive;
            RetrievalTier tier;
            BigDecimal value;
            try {
                archive = ArchiveClass.valueOf(parts[0]);
                tier = RetrievalTier.valueOf(parts[1]);
                value = new BigDecimal(overrides.getProperty(key).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("price key '" + key + "': unknown archive or tier, or not a number", e);
            }
            Price old = copy.computeIfAbsent(archive, a -> new EnumMap<>(RetrievalTier.class))
                    .getOrDefault(tier, new Price(BigDecimal.ZERO, BigDecimal.ZERO));
            Price updated = switch (parts[2]) {
                case "per-gb" -> new Price(value, old.per1000Requests());
                case "per-1000-requests" -> new Price(old.perGb(), value);
                default -> throw new IllegalArgumentException("price key '" + key
                        + "' must end in per-gb or per-1000-requests");
            };
            copy.get(archive).put(tier, updated);
        }
        return new RetrievalPrices(copy);
    }

    /** Zero for an archive that is not one (nothing to pay) or a tier the archive does not offer. */
    public Price of(ArchiveClass archive, RetrievalTier tier) {
        return prices.getOrDefault(archive, Map.of()).getOrDefault(tier, new Price(BigDecimal.ZERO, BigDecimal.ZERO));
    }
}
