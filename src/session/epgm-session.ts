import { randomBytes } from "node:crypto";
import { decodePgmPacket } from "../codec/pgm/packet-decoder.js";
import { PgmReceiver } from "../engine/pgm/pgm-receiver.js";
import { MAX_TPDU, MIN_TPDU, type PgmSettings } from "../engine/pgm/pgm-settings.js";
import { PgmSource } from "../engine/pgm/pgm-source.js";
import { eventLoopScheduler } from "../engine/pgm/scheduler.js";
import { ZmqError } from "../errors.js";
import { DEFAULT_OPTIONS } from "../options.js";
import type { PeerInfo, Pipe } from "../pipe/pipe.js";
import { Subscription } from "../pipe/pipe-item.js";
import type { EpgmEndpoint } from "../transport/epgm-endpoint.js";
import { openEpgmReceiver, openEpgmSource, type EpgmChannel } from "../transport/epgm.js";
import type { LingerBacklog, LingeringEndpoint } from "./linger-watch.js";
import { socketPipe, type SocketHost } from "./socket-host.js";

/** PUB and XPUB get a PGM source, SUB and XSUB a receiver (src/session_base.cpp `start_connecting`). */
export type EpgmRole = "source" | "receiver";

/** A random 48-bit GSI and a random source port other than the data port (src/pgm_socket.cpp; pgm/socket.c). */
function newTsi(dataPort: number): { gsi: number; sourcePort: number } {
  const bytes = randomBytes(8);
  const gsi = bytes.readUIntBE(0, 6);
  let sourcePort = bytes.readUInt16BE(6);
  if (sourcePort === 0 || sourcePort === dataPort) sourcePort = ((sourcePort + 1) % 0xffff) + 1;
  return { gsi, sourcePort };
}

/** The PGM settings of a socket's endpoint, its options checked as OpenPGM checks PGM_MTU. */
export function pgmSettings(host: SocketHost, parsed: EpgmEndpoint, interfaceAddress: string, endpoint: string): PgmSettings {
  const options = host.options;
  const maxTpdu = options.multicastMaxTransportDataUnit ?? DEFAULT_OPTIONS.multicastMaxTransportDataUnit;
  if (maxTpdu < MIN_TPDU || maxTpdu > MAX_TPDU) {
    throw new ZmqError("EINVAL", `multicastMaxTransportDataUnit must be from ${MIN_TPDU} to ${MAX_TPDU} for epgm, not ${maxTpdu} (${endpoint})`, endpoint);
  }
  return {
    port: parsed.port,
    group: parsed.group,
    interfaceAddress,
    rate: options.rate ?? DEFAULT_OPTIONS.rate,
    recoveryInterval: options.recoveryInterval ?? DEFAULT_OPTIONS.recoveryInterval,
    maxTpdu,
    maxMessageSize: options.maxMessageSize,
  };
}

/** What the socket learns of the far end: the multicast group's members, whoever they are. */
function groupPeer(role: EpgmRole): PeerInfo {
  return { socketType: role === "source" ? "SUB" : "PUB", identity: undefined, metadata: new Map(), zmtp31: false };
}

/**
 * One epgm endpoint of a PUB, XPUB, SUB or XSUB: one pipe to the socket (attached at once, so that what a
 * PUB sends before the UDP sockets are open waits in it), served by a PGM source or receiver over the
 * endpoint's UDP sockets. A PUB's pipe subscribes to everything (libzmq attaches it "subscribe to all"):
 * multicast receivers filter for themselves. Nothing here reconnects: the endpoint lives until closed.
 */
export class EpgmSession implements LingeringEndpoint {
  private readonly socketEnd: Pipe;
  private readonly engineEnd: Pipe;
  private channel: EpgmChannel | undefined = undefined;
  private source: PgmSource | undefined = undefined;
  private receiver: PgmReceiver | undefined = undefined;
  private closing = false;

  constructor(
    private readonly host: SocketHost,
    readonly endpoint: string,
    private readonly role: EpgmRole,
    private readonly settings: PgmSettings,
  ) {
    [this.socketEnd, this.engineEnd] = socketPipe(host);
    this.socketEnd.peer = groupPeer(role);
    if (role === "source") this.engineEnd.forceWrite(new Subscription(true, Buffer.alloc(0)));
    host.attachPipe(this.socketEnd);
  }

  /** Opens the UDP sockets and starts the engine. Rejects (and leaves nothing open) if the sockets cannot be had. */
  async open(parsed: EpgmEndpoint): Promise<void> {
    const scheduler = eventLoopScheduler;
    let channel: EpgmChannel;
    if (this.role === "source") {
      const { gsi, sourcePort } = newTsi(parsed.port);
      const hops = this.host.options.multicastHops ?? 1;
      channel = await openEpgmSource(parsed, this.endpoint, this.settings.interfaceAddress, hops, (data) => {
        const packet = decodePgmPacket(data);
        if (packet.kind !== "drop") this.source?.onPacket(packet);
      });
      this.source = new PgmSource(this.settings, channel, scheduler, this.engineEnd, gsi, sourcePort);
    } else {
      channel = await openEpgmReceiver(parsed, this.endpoint, this.settings.interfaceAddress, (data, from) => {
        const receiver = this.receiver;
        if (receiver === undefined) return;
        const packet = decodePgmPacket(data);
        if (packet.kind === "drop") receiver.dropped(packet.reason);
        else receiver.onPacket(packet, from);
      });
      this.receiver = new PgmReceiver(this.settings, channel, scheduler, this.engineEnd);
    }
    if (this.closing) {
      this.source = this.receiver = undefined;
      await channel.close();
      return;
    }
    this.channel = channel;
    this.source?.start();
    this.receiver?.start();
  }

  /** While closing: what a source still has to send. */
  backlog(): LingerBacklog | undefined {
    const source = this.source;
    if (!this.closing || source === undefined || source.backlog === 0) return undefined;
    return { endpoint: this.endpoint, queued: source.backlog };
  }

  /**
   * Ends the endpoint: the socket stops using the pipe at once; a source sends what it holds for up to
   * `linger` ms (-1: until sent; the rate bounds how fast), then the 3 SPMs with OPT_FIN.
   */
  async close(linger: number): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.engineEnd.terminate();
    const source = this.source;
    if (source !== undefined && linger !== 0) {
      let timer: NodeJS.Timeout | undefined;
      const drained = source.whenDrained();
      if (linger > 0) await Promise.race([drained, new Promise<void>((resolve) => (timer = setTimeout(resolve, linger)))]);
      else await drained;
      clearTimeout(timer);
    }
    source?.stop();
    this.receiver?.stop();
    await this.channel?.close();
  }
}
