/**
 * Sizes every wire shares (StreamWire for tcp/ipc, MessageWire for WebSockets). They live apart from the wires
 * so that the protocol, which needs BATCH_BYTES, pulls in no particular wire (nor its node: imports: a browser
 * build has no StreamWire).
 */

/** Octets gathered before they are written in one go. */
export const BATCH_BYTES = 256 * 1024;

/**
 * The largest frame accepted before the handshake completes: greetings' follow-ups are commands (HELLO,
 * WELCOME, INITIATE, READY with metadata) and old peers' identity frames, all far smaller. A peer cannot
 * make us hold more than this before it has authenticated, whatever maxMessageSize allows afterwards.
 */
export const HANDSHAKE_FRAME_LIMIT = 64 * 1024;

/** The most written in one turn of the event loop before reads and other connections get their turn. */
export const TURN_BYTES = BATCH_BYTES * 4;
