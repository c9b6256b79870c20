import type { Command } from "../codec/command.js";
import type { Metadata } from "../codec/metadata.js";
import type { CommandWriter, Mechanism } from "./mechanism.js";
import { NullMechanism } from "./null-mechanism.js";
import { applyZapVerdict, withZapProperties, zapUnavailable, type ZapAuthorize, type ZapVerdict } from "./zap.js";

export interface ZapNullOptions {
  /** Sent in READY, in this order and spelling. */
  properties: Iterable<readonly [string, Uint8Array]>;
  authorize: ZapAuthorize;
  /** zapEnforceDomain: with nobody to ask, refuse the peer (EFAULT) instead of going on unauthenticated. */
  enforce: boolean;
}

/**
 * NULL with ZAP (libzmq src/null_mechanism.cpp, when `zap_required()`: the socket has a zapDomain). Before
 * its READY, this side asks ZAP about the peer (mechanism "NULL", no credentials): 200 sends READY and the
 * handshake goes on as plain NULL; a refusal ends it (ERROR for 400/500). With nobody to ask, libzmq goes
 * on unauthenticated unless zapEnforceDomain is set. The peer's READY, if it comes meanwhile, waits unread.
 */
export class ZapNullMechanism implements Mechanism {
  readonly name = "NULL";
  readonly asServer = false;
  private readonly inner: NullMechanism;
  private readonly authorize: ZapAuthorize;
  private readonly enforce: boolean;
  private verdict: ZapVerdict | undefined = undefined;

  constructor(options: ZapNullOptions) {
    this.inner = new NullMechanism(options.properties);
    this.authorize = options.authorize;
    this.enforce = options.enforce;
  }

  get peerMetadata(): Metadata {
    return withZapProperties(this.inner.peerMetadata, this.verdict);
  }

  start(out: CommandWriter): Promise<void> {
    return Promise.resolve()
      .then(() => this.authorize({ mechanism: "NULL", credentials: [] }))
      .then((verdict) => {
        if (verdict === undefined) {
          if (this.enforce) throw zapUnavailable("NULL", "zapEnforceDomain is set and no ZAP handler is bound at inproc://zeromq.zap.01");
        } else {
          applyZapVerdict(verdict, out);
          this.verdict = verdict;
        }
        this.inner.start(out);
      });
  }

  onCommand(command: Command, out: CommandWriter): boolean {
    return this.inner.onCommand(command, out);
  }
}
