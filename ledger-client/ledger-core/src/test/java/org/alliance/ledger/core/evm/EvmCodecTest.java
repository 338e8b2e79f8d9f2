package org.alliance.ledger.core.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ethereum's encodings against published values. The typed (EIP-1559) transaction, the receipt
 * and its event are checked on a real geth block by the bundle fixture's test.
 */
class EvmCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void keccakIsEthereumsNotSha3() {
        assertThat(HEX.formatHex(Keccak.hash(new byte[0])))
                .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
        // The anchor event's topic is the Keccak-256 of its signature, as the ABI defines.
        assertThat(AnchoredEvent.TOPIC).isEqualTo(Keccak.hash(
                "Anchored(bytes32,uint64,string,uint64,bytes32,uint8,address)".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void rlpDecodesTheYellowPapersExamplesAndRefusesDamage() {
        // "dog", ["cat", "dog"], the empty string, 1024, and the set-theoretic three.
        assertThat(Rlp.decode(HEX.parseHex("83646f67")).asBytes()).isEqualTo("dog".getBytes(StandardCharsets.US_ASCII));
        List<Rlp.Item> list = Rlp.decode(HEX.parseHex("c88363617483646f67")).asList();
        assertThat(list).extracting(i -> new String(i.asBytes(), StandardCharsets.US_ASCII)).containsExactly("cat", "dog");
        assertThat(Rlp.decode(HEX.parseHex("80")).asBytes()).isEmpty();
        assertThat(Rlp.decode(HEX.parseHex("820400")).asNumber()).hasToString("1024");
        assertThat(Rlp.decode(HEX.parseHex("c7c0c1c0c3c0c1c0")).asList()).hasSize(3);
        assertThat(Rlp.encodeNumber(1024)).isEqualTo(HEX.parseHex("820400"));
        assertThat(Rlp.encodeNumber(0)).isEqualTo(HEX.parseHex("80"));
        assertThat(Rlp.encodeList(List.of(Rlp.encodeBytes("cat".getBytes(StandardCharsets.US_ASCII)),
                Rlp.encodeBytes("dog".getBytes(StandardCharsets.US_ASCII))))).isEqualTo(HEX.parseHex("c88363617483646f67"));
        byte[] longString = new byte[60];
        assertThat(Rlp.decode(Rlp.encodeBytes(longString)).asBytes()).isEqualTo(longString);

        assertThatThrownBy(() -> Rlp.decode(HEX.parseHex("83646f"))).hasMessageContaining("beyond the input");
        assertThatThrownBy(() -> Rlp.decode(HEX.parseHex("83646f6767"))).hasMessageContaining("follow");
        assertThatThrownBy(() -> Rlp.decode(HEX.parseHex("b9ffff"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rlp.decode(HEX.parseHex("c88363617483646f67")).asBytes()).hasMessageContaining("list");
        // A forged header of nested lists is refused, not decoded until the stack runs out.
        byte[] nested = Rlp.encodeList(List.of());
        for (int i = 0; i < 1000; i++) {
            nested = Rlp.encodeList(List.of(nested));
        }
        byte[] deep = nested;
        assertThatThrownBy(() -> Rlp.decode(deep)).hasMessageContaining("deeper");
    }

    @Test
    void theSenderOfEip155sExampleTransactionIsRecovered() {
        // EIP-155's example: nonce 9, 20 gwei, 21000 gas, to 0x35..35, 1 ether, chain 1, key 0x46..46.
        byte[] raw = HEX.parseHex("f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a7640000"
                + "8025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800"
                + "ccf555c9f3dc64214b297fb1966a3b6d83");
        EvmTransaction tx = EvmTransaction.decode(raw);
        assertThat(tx.to()).isEqualTo("0x3535353535353535353535353535353535353535");
        assertThat(tx.from()).isEqualTo("0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f");
        // Another s is another signature: it recovers another key, or none.
        raw[raw.length - 1] ^= 1;
        assertThat(recoveredOrNone(raw)).isNotEqualTo("0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f");
        assertThatThrownBy(() -> EvmTransaction.decode(new byte[] {0x05, (byte) 0xc0})).hasMessageContaining("type");
    }

    private static String recoveredOrNone(byte[] raw) {
        try {
            return EvmTransaction.decode(raw).from();
        } catch (IllegalArgumentException e) {
            return "none";
        }
    }
}
