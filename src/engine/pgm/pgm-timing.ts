/**
 * The timers libzmq sets on OpenPGM (src/pgm_socket.cpp `init()`), in milliseconds, and OpenPGM's own
 * connect/close habits (pgm/socket.c). Wire reference §1.2.
 */

/** SPMs the source sends when it starts (pgm_connect), and with OPT_FIN when it closes (pgm_close). */
export const START_SPMS = 3;
export const FIN_SPMS = 3;
/** Heartbeat SPMs after the last ODATA/RDATA: at +0.1, +0.2, +0.3, +0.4, +0.5, +1.8, +8.8, +24.8 s. */
export const HEARTBEAT_SPM_INTERVALS: readonly number[] = [100, 100, 100, 100, 100, 1300, 7000, 16000];
/** The ambient SPM, whatever the traffic. */
export const AMBIENT_SPM_INTERVAL = 30_000;

/** A source not heard from for this long is forgotten (PGM_PEER_EXPIRY). */
export const PEER_EXPIRY = 300_000;
/** A source that sent data but no SPM gets an SPMR after this long (PGM_SPMR_EXPIRY). */
export const SPMR_EXPIRY = 25;
/** NAK back-off: uniform in (0, 50 ms] (PGM_NAK_BO_IVL; pgm/receiver.c `nak_rb_ivl`). */
export const NAK_BACK_OFF = 50;
/** Wait for an NCF before repeating a NAK (PGM_NAK_RPT_IVL). */
export const NAK_REPEAT_INTERVAL = 200;
/** Wait for RDATA after an NCF (PGM_NAK_RDATA_IVL). */
export const NAK_RDATA_INTERVAL = 200;
/** Then the sequence number is lost (PGM_NAK_NCF_RETRIES, PGM_NAK_DATA_RETRIES). */
export const NAK_NCF_RETRIES = 50;
export const NAK_DATA_RETRIES = 50;
/** An SPMR to a source whose NLA is still unknown is repeated at most this often while data is missing. */
export const SPMR_REPEAT_INTERVAL = 200;
