/**
 * ZWS 2.0's subprotocols (RFC 45 §"Handshake"; shared/wire-reference.md §4.1): `ZWS2.0/NULL`, `ZWS2.0/PLAIN`,
 * `ZWS2.0/CURVE` (libzmq's, not in RFC 45) run that mechanism's handshake; bare `ZWS2.0` has none: each side's
 * first message is its routing id, as in ZMTP 2.0 (RFC 45 §"No Mechanism").
 *
 * A browser cannot offer RFC 45's names: `/` is not a token character (RFC 6455 §4.1 refers to RFC 2616's
 * token), and `new WebSocket(url, ["ZWS2.0/NULL"])` throws a SyntaxError. So zmtp also speaks the same
 * mechanisms under the names `ZWS2.0-NULL`, `ZWS2.0-PLAIN` and `ZWS2.0-CURVE`, which a page can offer; libzmq
 * knows only the `/` names (and bare ZWS2.0), so a page talks to libzmq over bare ZWS2.0 only.
 */

/** Bare ZWS 2.0: no mechanism, routing ids first. */
export const ZWS_BARE = "ZWS2.0";

/**
 * What a socket whose mechanism is `mechanism` speaks, best first: offered in this order when connecting
 * (a browser leaves out the names it cannot send), and when bound the client's first token among them
 * wins, as libzmq chooses (ws_engine.cpp `start_ws_handshake`, `server_handshake`). Only NULL also speaks
 * bare ZWS2.0 (libzmq `select_protocol`).
 */
export function zwsSubprotocols(mechanism: string): string[] {
  const names = [`${ZWS_BARE}/${mechanism}`, `${ZWS_BARE}-${mechanism}`];
  return mechanism === "NULL" ? [...names, ZWS_BARE] : names;
}

/** The mechanism an agreed subprotocol runs: "" for bare ZWS2.0, undefined for anything that is not ZWS 2.0. */
export function zwsMechanism(protocol: string): string | undefined {
  if (protocol === ZWS_BARE) return "";
  const match = /^ZWS2\.0[/-]([A-Z]{1,20})$/.exec(protocol);
  return match === null ? undefined : match[1];
}

/** ZWS's flags octet (RFC 45 §"Framing"): bit 0 MORE, bit 1 COMMAND; libzmq ignores the others. */
export const ZWS_MORE = 0x01;
export const ZWS_COMMAND = 0x02;
