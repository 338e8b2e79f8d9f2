package org.alliance.ledger.core.record;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The transitions of the case state machine, each with the states it may leave, the state it
 * enters, and the party and role that own it. This table is the state machine: nothing else in
 * the code decides which step may follow which.
 */
public enum CaseAction {
    /** The accepting region receives the case (a {@code CASE} record, not a step). */
    RECEIVE(EnumSet.noneOf(CaseState.class), CaseState.RECEIVED, Party.ACCEPTING, Role.CLERK),
    /** The accepting region forwards the case to the home region. */
    FORWARD(EnumSet.of(CaseState.RECEIVED), CaseState.FORWARDED, Party.ACCEPTING, Role.CLERK),
    /** The home region approves. */
    APPROVE(EnumSet.of(CaseState.FORWARDED), CaseState.APPROVED, Party.HOME, Role.APPROVER),
    /** The home region rejects. */
    REJECT(EnumSet.of(CaseState.FORWARDED), CaseState.REJECTED, Party.HOME, Role.APPROVER),
    /** The home region asks for more material. */
    REQUEST_MATERIAL(EnumSet.of(CaseState.FORWARDED), CaseState.MATERIAL_REQUESTED, Party.HOME, Role.APPROVER),
    /** The accepting region supplies the material and forwards again. */
    SUPPLEMENT(EnumSet.of(CaseState.MATERIAL_REQUESTED), CaseState.FORWARDED, Party.ACCEPTING, Role.CLERK),
    /** The accepting region issues the result. */
    ISSUE(EnumSet.of(CaseState.APPROVED), CaseState.ISSUED, Party.ACCEPTING, Role.ISSUER),
    /** The accepting region closes an issued or a rejected case. */
    CLOSE(EnumSet.of(CaseState.ISSUED, CaseState.REJECTED), CaseState.CLOSED, Party.ACCEPTING, Role.CLERK);

    /** Which of the case's two regions owns a transition. */
    public enum Party {
        /** The region that received the case and issues its result. */
        ACCEPTING,
        /** The region that decides the case. */
        HOME
    }

    private final Set<CaseState> from;
    private final CaseState to;
    private final Party owner;
    private final Role role;

    CaseAction(EnumSet<CaseState> from, CaseState to, Party owner, Role role) {
        this.from = Set.copyOf(from);
        this.to = to;
        this.owner = owner;
        this.role = role;
    }

    /**
     * Whether this transition may leave the given state.
     *
     * @param state the case's current state
     * @return true if the transition starts there
     */
    public boolean leaves(CaseState state) {
        return from.contains(state);
    }

    /**
     * The state this transition enters.
     *
     * @return the target state
     */
    public CaseState to() {
        return to;
    }

    /**
     * The region that owns this transition.
     *
     * @return the owning party
     */
    public Party owner() {
        return owner;
    }

    /**
     * The role that owns this transition.
     *
     * @return the owning role
     */
    public Role role() {
        return role;
    }

    /**
     * The lowercase, hyphenated name used in URLs and configuration, such as
     * {@code request-material}.
     *
     * @return the external name
     */
    public String externalName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The roles that own some transition: the desks that work on cases.
     *
     * @return the roles, in declaration order of {@link Role}
     */
    public static Set<Role> roles() {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (CaseAction a : values()) {
            roles.add(a.role);
        }
        return Collections.unmodifiableSet(roles);
    }
}
