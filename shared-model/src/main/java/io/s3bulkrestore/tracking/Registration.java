package io.s3bulkrestore.tracking;

import java.util.Objects;

/**
 * What registering one claim found.
 *
 * @param stored  the membership as it is stored now: the one just created, or the one that was there
 * @param created whether this claim created it
 */
public record Registration(MembershipClaim claim, Membership stored, boolean created) {

    public Registration {
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(stored, "stored");
    }

    /**
     * Whether this line counts towards the job's total: it created the membership, or it is a replay of
     * the line that did. A second line naming the same object does not count.
     */
    public boolean countsAsNew() {
        return created || stored.origin().equals(claim.origin());
    }
}
