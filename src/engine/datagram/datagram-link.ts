/**
 * What a datagram engine needs of its socket (transport/udp.ts's UdpSocket is one): datagrams in, each
 * with its sender; datagrams out, gathered from chunks. The engine knows no transport beyond this.
 */
export interface DatagramLink {
  /** The socket's address family: 4 or 6. */
  readonly family: 4 | 6;
  /** Where datagrams received go from now on. */
  setReceiver(receiver: (datagram: Buffer, address: string, port: number) => void): void;
  /** Sends one datagram made of `chunks` to `address` (a literal) and `port`; `sent` hears the outcome, later. */
  send(chunks: readonly Uint8Array[], port: number, address: string, sent: (error: Error | null) => void): void;
  /** Closes the socket; idempotent. */
  close(): Promise<void>;
}

/** Where a sender's datagrams go (a RADIO's peer or group), resolved once. */
export interface DatagramDestination {
  readonly address: string;
  readonly port: number;
}
