package org.alliance.ledger.cli.fabric;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigPolicy;
import org.hyperledger.fabric.protos.common.ConfigUpdate;
import org.hyperledger.fabric.protos.common.ConfigValue;

/**
 * The config update that turns one channel configuration into another: the read set names the
 * version of every element the change depends on, the write set carries every changed element
 * with its version raised by one, and a group whose members changed is written whole, so the
 * orderer can check each changed element against its own modification policy.
 *
 * <p>These are the rules the orderer applies when it validates an update (an element is written
 * at its current version plus one, a new element at version 0, and an unchanged sibling of a
 * changed member set is named at its current version in both sets), computed here because this
 * network has no {@code configtxlator}.
 */
public final class ConfigUpdates {
    private ConfigUpdates() {
    }

    /**
     * Computes the update from {@code original} to {@code updated}.
     *
     * @param channel the channel the update is for
     * @param original the channel's current configuration
     * @param updated the configuration wanted
     * @return the update
     * @throws IllegalArgumentException if the two configurations do not differ
     */
    public static ConfigUpdate compute(String channel, Config original, Config updated) {
        Objects.requireNonNull(channel, "channel");
        Delta<ConfigGroup> root = group(original.getChannelGroup(), updated.getChannelGroup());
        if (!root.changed) {
            throw new IllegalArgumentException("the configurations do not differ: nothing to update");
        }
        return ConfigUpdate.newBuilder().setChannelId(channel).setReadSet(root.read).setWriteSet(root.write).build();
    }

    /** One element's part of the read and write sets, and whether it changed. */
    private record Delta<T>(T read, T write, boolean changed) {
    }

    /** The changed, unchanged and membership-changed entries of one map of a group. */
    private static final class MapDelta<T> {
        final Map<String, T> read = new LinkedHashMap<>();
        final Map<String, T> write = new LinkedHashMap<>();
        final Map<String, T> same = new LinkedHashMap<>();
        boolean membersChanged;
    }

    /**
     * The delta of a map of policies or values: an unchanged entry is named by its version, a
     * changed one is written whole one version up, a new one whole at version 0.
     *
     * @param version an entry's version
     * @param at an entry with another version and all else kept
     */
    private static <T> MapDelta<T> leaves(Map<String, T> original, Map<String, T> updated, ToLongFunction<T> version,
            BiFunction<T, Long, T> at, LongFunction<T> versionOnly) {
        MapDelta<T> d = new MapDelta<>();
        original.forEach((name, was) -> {
            T now = updated.get(name);
            if (now == null) {
                d.membersChanged = true;
            } else if (was.equals(now)) {
                d.same.put(name, versionOnly.apply(version.applyAsLong(was)));
            } else {
                d.write.put(name, at.apply(now, version.applyAsLong(was) + 1));
            }
        });
        updated.forEach((name, now) -> {
            if (!original.containsKey(name)) {
                d.membersChanged = true;
                d.write.put(name, at.apply(now, 0L));
            }
        });
        return d;
    }

    private static MapDelta<ConfigPolicy> policies(Map<String, ConfigPolicy> original, Map<String, ConfigPolicy> updated) {
        return leaves(original, updated, ConfigPolicy::getVersion, (p, v) -> p.toBuilder().setVersion(v).build(),
                v -> ConfigPolicy.newBuilder().setVersion(v).build());
    }

    private static MapDelta<ConfigValue> values(Map<String, ConfigValue> original, Map<String, ConfigValue> updated) {
        return leaves(original, updated, ConfigValue::getVersion, (c, v) -> c.toBuilder().setVersion(v).build(),
                v -> ConfigValue.newBuilder().setVersion(v).build());
    }

    private static MapDelta<ConfigGroup> groups(Map<String, ConfigGroup> original, Map<String, ConfigGroup> updated) {
        MapDelta<ConfigGroup> d = new MapDelta<>();
        original.forEach((name, was) -> {
            ConfigGroup now = updated.get(name);
            if (now == null) {
                d.membersChanged = true;
                return;
            }
            Delta<ConfigGroup> g = group(was, now);
            if (g.changed) {
                d.read.put(name, g.read);
                d.write.put(name, g.write);
            } else {
                d.same.put(name, g.read);
            }
        });
        updated.forEach((name, now) -> {
            if (!original.containsKey(name)) {
                d.membersChanged = true;
                ConfigGroup whole = group(ConfigGroup.getDefaultInstance(), now).write;
                d.write.put(name, whole.toBuilder().setVersion(0).setModPolicy(now.getModPolicy()).build());
            }
        });
        return d;
    }

    private static Delta<ConfigGroup> group(ConfigGroup original, ConfigGroup updated) {
        MapDelta<ConfigPolicy> p = policies(original.getPoliciesMap(), updated.getPoliciesMap());
        MapDelta<ConfigValue> v = values(original.getValuesMap(), updated.getValuesMap());
        MapDelta<ConfigGroup> g = groups(original.getGroupsMap(), updated.getGroupsMap());
        boolean membersChanged = p.membersChanged || v.membersChanged || g.membersChanged
                || !original.getModPolicy().equals(updated.getModPolicy());
        if (!membersChanged) {
            boolean nothing = p.read.isEmpty() && p.write.isEmpty() && v.read.isEmpty() && v.write.isEmpty()
                    && g.read.isEmpty() && g.write.isEmpty();
            ConfigGroup version = ConfigGroup.newBuilder().setVersion(original.getVersion()).build();
            if (nothing) {
                return new Delta<>(version, version, false);
            }
            // Only members changed: this group keeps its version and needs no signature of its own.
            return new Delta<>(
                    ConfigGroup.newBuilder().setVersion(original.getVersion()).putAllPolicies(p.read)
                            .putAllValues(v.read).putAllGroups(g.read).build(),
                    ConfigGroup.newBuilder().setVersion(original.getVersion()).putAllPolicies(p.write)
                            .putAllValues(v.write).putAllGroups(g.write).build(),
                    true);
        }
        // The member set changed: the group is rewritten at the next version, naming every member.
        p.read.putAll(p.same);
        p.write.putAll(p.same);
        v.read.putAll(v.same);
        v.write.putAll(v.same);
        g.read.putAll(g.same);
        g.write.putAll(g.same);
        return new Delta<>(
                ConfigGroup.newBuilder().setVersion(original.getVersion()).putAllPolicies(p.read).putAllValues(v.read)
                        .putAllGroups(g.read).build(),
                ConfigGroup.newBuilder().setVersion(original.getVersion() + 1).putAllPolicies(p.write)
                        .putAllValues(v.write).putAllGroups(g.write).setModPolicy(updated.getModPolicy()).build(),
                true);
    }
}
