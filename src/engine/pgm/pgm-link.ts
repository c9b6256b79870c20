/**
 * Where a PGM engine sends its packets: the transport's datagram sockets (transport/epgm.ts), or an
 * in-memory link in tests. The engine knows no transport; the session joins the two.
 */
export interface PgmLink {
  /**
   * Sends one packet to `address:port`: the group for downstream packets, a source's NLA for NAKs. Never
   * throws: a datagram that cannot be sent is lost, as any datagram may be, and PGM repairs it.
   */
  send(packet: Uint8Array, address: string, port: number): void;
}
