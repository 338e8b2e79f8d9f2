package org.alliance.ledger.cli;

import static org.alliance.ledger.cli.CliRun.run;
import static org.alliance.ledger.cli.CliRun.runWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MerkleCommandsTest {
    /** The eight leaves of the Certificate Transparency test suite, one per line. */
    private static final String CT_LEAVES =
            "\n00\n10\n2021\n3031\n40414243\n5051525354555657\n606162636465666768696a6b6c6d6e6f\n";
    private static final String CT_ROOT_8 = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328";
    private static final String CT_ROOT_6 = "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef";
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @TempDir
    Path dir;

    @Test
    void rootFollowsTheLineRules() {
        assertThat(runWith("", "merkle", "root").line()).isEqualTo(EMPTY);
        assertThat(runWith("\n", "merkle", "root").line())
                .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
        assertThat(runWith("00\n", "merkle", "root").line())
                .isEqualTo("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7");
        assertThat(runWith("00", "merkle", "root").line()).isEqualTo(runWith("00\n", "merkle", "root").line());
        assertThat(runWith("00\r\n10\r\n", "merkle", "root").line()).isEqualTo(runWith("00\n10\n", "merkle", "root").line());
        assertThat(runWith(CT_LEAVES, "merkle", "root").line()).isEqualTo(CT_ROOT_8);
        assertThat(runWith(CT_LEAVES.toUpperCase(), "merkle", "root", "-").line()).isEqualTo(CT_ROOT_8);
        assertThat(runWith(CT_LEAVES, "merkle", "root", "--alg", "sm3").line()).isNotEqualTo(CT_ROOT_8).hasSize(64);
    }

    @Test
    void proveAndVerifyRoundTripThroughFiles() throws Exception {
        Path leaves = Files.writeString(dir.resolve("leaves.txt"), CT_LEAVES);
        String proof = run("merkle", "prove", "--index", "5", leaves.toString()).line();
        assertThat(proof).isEqualTo("{\"leafIndex\":5,\"treeSize\":8,\"hashes\":["
                + "\"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b\","
                + "\"ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0\","
                + "\"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7\"]}");
        Path proofFile = Files.writeString(dir.resolve("proof.json"), proof);
        assertThat(run("merkle", "verify", "--proof", proofFile.toString(), "--root", CT_ROOT_8, "--leaf", "40414243")
                .line()).isEqualTo("proof valid");
        assertThat(run("merkle", "verify", "--proof", proofFile.toString(), "--root", CT_ROOT_8, "--leaf-hash",
                "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658").line()).isEqualTo("proof valid");
        assertThat(runWith(proof, "merkle", "verify", "--proof", "-", "--root", CT_ROOT_8, "--leaf", "40414243").line())
                .isEqualTo("proof valid");
        assertThat(run("merkle", "verify", "--proof", proofFile.toString(), "--root", CT_ROOT_8, "--leaf", "40414244")
                .fails(ExitCodes.INVALID).err()).contains("proof invalid");
        String otherRoot = CT_ROOT_6;
        assertThat(run("merkle", "verify", "--proof", proofFile.toString(), "--root", otherRoot, "--leaf", "40414243")
                .fails(ExitCodes.INVALID).err()).contains("proof invalid");
        String emptyLeafProof = runWith(CT_LEAVES, "merkle", "prove", "--index", "0").line();
        assertThat(runWith(emptyLeafProof, "merkle", "verify", "--proof", "-", "--root", CT_ROOT_8, "--leaf=").line())
                .isEqualTo("proof valid");
    }

    @Test
    void consistencyRoundTrip() {
        String proof = runWith(CT_LEAVES, "merkle", "consistency", "--from", "6", "--to", "8").line();
        assertThat(proof).startsWith("{\"fromSize\":6,\"toSize\":8,\"hashes\":[\"0ebc5d34");
        assertThat(runWith(CT_LEAVES, "merkle", "consistency", "--from", "6").line()).isEqualTo(proof);
        assertThat(runWith(proof, "merkle", "verify", "--proof", "-", "--old-root", CT_ROOT_6, "--root", CT_ROOT_8).line())
                .isEqualTo("proof valid");
        runWith(proof, "merkle", "verify", "--proof", "-", "--old-root", CT_ROOT_8, "--root", CT_ROOT_6).fails(ExitCodes.INVALID);
        runWith(CT_LEAVES, "merkle", "consistency", "--from", "9").fails(ExitCodes.USAGE);
        runWith(CT_LEAVES, "merkle", "consistency", "--from", "5", "--to", "4").fails(ExitCodes.USAGE);
    }

    @Test
    void badInputIsAUsageErrorWithOneLine() throws Exception {
        assertThat(runWith("00\nxyz\n", "merkle", "root").fails(ExitCodes.USAGE).err()).contains("line 2");
        assertThat(runWith("0\n", "merkle", "root").fails(ExitCodes.USAGE).err()).contains("line 1").contains("odd");
        assertThat(runWith(CT_LEAVES, "merkle", "prove", "--index", "8").fails(ExitCodes.USAGE).err()).contains("out of range");
        runWith(CT_LEAVES, "merkle", "prove", "--index", "-1").fails(ExitCodes.USAGE);
        runWith(CT_LEAVES, "merkle", "prove").fails(ExitCodes.USAGE);
        runWith(CT_LEAVES, "merkle", "prove", "--index", "x").fails(ExitCodes.USAGE);
        run("merkle", "root", dir.resolve("missing.txt").toString()).fails(ExitCodes.USAGE);
        runWith(new byte[] {(byte) 0xff, '\n'}, "merkle", "root").fails(ExitCodes.USAGE);

        String proof = runWith(CT_LEAVES, "merkle", "prove", "--index", "5").line();
        String[] badRoots = {CT_ROOT_8.substring(2), CT_ROOT_8 + "00", "zz" + CT_ROOT_8.substring(2)};
        for (String root : badRoots) {
            assertThat(runWith(proof, "merkle", "verify", "--proof", "-", "--root", root, "--leaf", "40414243")
                    .fails(ExitCodes.USAGE).err()).contains("--root");
        }
        String shortHash = proof.replace("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "bc1a");
        assertThat(runWith(shortHash, "merkle", "verify", "--proof", "-", "--root", CT_ROOT_8, "--leaf", "40414243")
                .fails(ExitCodes.USAGE).err()).contains("32 bytes");
        for (String malformed : new String[] {"", "{", "[]", proof + "x", proof.replace("leafIndex", "index"),
                proof.replace("\"leafIndex\":5", "\"leafIndex\":-5")}) {
            runWith(malformed, "merkle", "verify", "--proof", "-", "--root", CT_ROOT_8, "--leaf", "40414243")
                    .fails(ExitCodes.USAGE);
        }
        runWith(proof, "merkle", "verify", "--proof", "-", "--root", CT_ROOT_8).fails(ExitCodes.USAGE);
        runWith(proof, "merkle", "verify", "--proof", "-", "--root", CT_ROOT_8, "--leaf", "00", "--old-root", CT_ROOT_6)
                .fails(ExitCodes.USAGE);
        runWith(proof, "merkle", "verify", "--proof", "-", "--root", CT_ROOT_8, "--old-root", CT_ROOT_6)
                .fails(ExitCodes.USAGE);
        run("merkle", "verify", "--proof", dir.resolve("none.json").toString(), "--root", CT_ROOT_8, "--leaf", "00")
                .fails(ExitCodes.USAGE);
    }
}
