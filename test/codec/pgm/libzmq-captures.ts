/**
 * Packets captured from Debian's libzmq 4.3.4 + OpenPGM 5 (python3-zmq), an epgm PUB at
 * `epgm://10.22.0.1;239.192.1.1:5555` seen from another network namespace: the 3 SPMs of pgm_connect, one
 * ODATA carrying three messages ("hello", ["A", "BC"], 300 × "x"), heartbeat SPMs after it, and the 3 SPMs
 * with OPT_FIN of pgm_close. Hex as it came off the wire (UDP payload).
 */
const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ""), "hex"));

export const CAPTURED_GSI = 0xb7c6d1bc038a;
export const CAPTURED_SOURCE_PORT = 0x3e66;

/** The first SPM of pgm_connect: sqn 0, trail 0, lead 0xFFFFFFFF, NLA 10.22.0.1. */
export const FIRST_SPM = hex("3e6615b3000014c1b7c6d1bc038a00000000000000000000ffffffff000100000a160001");

/** A heartbeat SPM after the data: sqn 3, trail 0, lead 0. */
export const HEARTBEAT_SPM = hex("3e6615b3000014beb7c6d1bc038a0000000000030000000000000000000100000a160001");

/** A closing SPM: sqn 8, OPT_LENGTH (total 8) then OPT_FIN | OPT_END. */
export const FIN_SPM = hex("3e6615b3000186a7b7c6d1bc038a0000000000080000000000000000000100000a160001000400088e040000");

/** ODATA sqn 0, trail 0: offset 0, then "hello"; ["A", "BC"]; 300 × "x" (a long frame: 0xFF + 8 octets). */
export const ODATA = hex(
  "3e6615b30400c6a1b7c6d1bc038a014600000000000000000000060068656c6c6f02014103004243ff000000000000012d00" +
    "78".repeat(300),
);

/**
 * What an OpenPGM receiver (python3-zmq SUB at 10.22.0.2) sent back to a source at 10.22.0.1 (GSI
 * 0a0b0c0d0e0f, source port 0x1234, data port 5555, group 239.192.1.1) that skipped ODATA 1: a NAK for it,
 * unicast to the source's NLA (repeated every 200 ms while no NCF came). And, from a source that had sent no
 * SPM, the SPMR it got instead.
 */
export const UPSTREAM_GSI = 0x0a0b0c0d0e0f;
export const UPSTREAM_SOURCE_PORT = 0x1234;
export const OPENPGM_NAK = hex("15b312340800b1150a0b0c0d0e0f000000000001000100000a16000100010000efc00101");
export const OPENPGM_SPMR = hex("15b312340c00a7f10a0b0c0d0e0f0000");
