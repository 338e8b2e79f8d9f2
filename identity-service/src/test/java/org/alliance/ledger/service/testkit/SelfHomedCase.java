package org.alliance.ledger.service.testkit;

/**
 * A case this service both receives and decides (its home region is its own org), so one instance
 * can take it through every step: the dependent writes that the crash, ordering and concurrency
 * tests drive. Index {@code i} of {@link #STEPS} is done by {@link #USERS}{@code [i]}.
 */
public final class SelfHomedCase {
    /** The receipt's body. */
    public static final String RECEIVE = """
            {"agreementId":"agr-demo-alliance","itemCode":"ENT-SETUP","homeOrg":"ZhangzhouMSP","subjectRef":"%s","assisted":false}"""
            .formatted(Api.SUBJECT);
    /** The steps after the receipt, as their path segments. */
    public static final String[] STEPS = {"forward", "approve", "issue", "close"};
    /** The development user who takes each step. */
    public static final String[] USERS = {"clerk", "approver", "issuer", "clerk"};

    private SelfHomedCase() {
    }
}
