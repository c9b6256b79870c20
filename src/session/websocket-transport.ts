import { zwsSubprotocols } from "../codec/zws-subprotocol.js";
import { ZmqError } from "../errors.js";
import type { StreamTransport } from "../transport/stream-transport.js";
import type { MessageStream } from "../transport/websocket/message-stream.js";
import { webSocketTransport } from "../transport/websocket/ws-transport.js";
import type { SocketHost } from "./socket-host.js";

const NULL_SUBPROTOCOLS = zwsSubprotocols("NULL");

/** ws:// and wss:// for a socket: its options, and the ZWS 2.0 subprotocols its mechanism speaks. */
export function webSocketTransportFor(host: SocketHost, endpoint: string): StreamTransport<MessageStream> {
  if (host.raw) {
    throw new ZmqError("EPROTONOSUPPORT", `Stream sockets carry raw bytes over tcp and ipc, not WebSockets: ${endpoint}`, endpoint);
  }
  const options = host.options;
  return webSocketTransport({
    ipv6: options.ipv6,
    backlog: options.backlog,
    handshakeInterval: options.handshakeInterval,
    subprotocols: () => host.webSocketSubprotocols ?? NULL_SUBPROTOCOLS,
    wss: {
      certPem: options.wssCertPem ?? null,
      keyPem: options.wssKeyPem ?? null,
      trustPem: options.wssTrustPem ?? null,
      hostname: options.wssHostname ?? null,
      trustSystem: options.wssTrustSystem ?? true,
    },
  });
}
