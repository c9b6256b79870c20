import { decodeCommand } from "../../codec/command.js";
import { FLAG_COMMAND } from "../../codec/constants.js";
import type { Greeting, LegacyGreeting } from "../../codec/greeting.js";
import { asError, HandshakeError, ProtocolError } from "../../errors.js";
import type { CommandWriter, Mechanism } from "../../mechanism/mechanism.js";
import { checkLegacyPeerAllowed, legacyPeer, type LegacyPeer } from "../legacy-peer.js";
import type { FrameWire } from "../wire/frame-wire.js";

/** What the driver reports to the protocol it runs for. */
export interface HandshakeHost {
  /**
   * The handshake is done. A ZMTP 3.x peer's metadata is in `mechanism.peerMetadata`; a ZMTP 1.0/2.0 peer
   * comes as `legacy` (no metadata, nothing for the socket to check: libzmq checks nothing either).
   */
  handshakeDone(legacy?: LegacyPeer): void;
  /** The handshake failed (timeout, a step rejected): the connection must end with `error`. */
  handshakeFailed(error: Error): void;
}

/**
 * Runs a mechanism's handshake over a wire (RFC 37 §"Authentication and Confidentiality"): checks the
 * peer's mechanism, feeds it commands, sends what it answers, and owns the handshake timer. A step that
 * returns a promise (an authenticator's answer) pauses reading until it settles; the timer keeps running.
 * A ZMTP 1.0/2.0 peer has no mechanism: its handshake is its identity frame (the first frame after its
 * greeting), and the timer runs until that is in (libzmq#4106: 4.3.3 never stopped it for such peers).
 */
export class HandshakeDriver implements CommandWriter {
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;
  private finished = false;
  /** Set once an old peer's greeting is in: the next frame is its identity. */
  private legacy: LegacyGreeting | undefined = undefined;

  constructor(
    private readonly mechanism: Mechanism,
    private readonly wire: FrameWire,
    private readonly host: HandshakeHost,
    timeoutMs: number,
  ) {
    if (timeoutMs > 0) {
      this.timer = setTimeout(() => {
        this.fail(new HandshakeError("ETIMEDOUT", `handshake did not complete within ${timeoutMs} ms`));
      }, timeoutMs);
      // An open connection alone must not keep the process alive.
      (this.timer as { unref?: () => void }).unref?.();
    }
  }

  /**
   * Both greetings are in: the mechanisms must match (RFC 23 §"Mechanism"), then ours opens. An older peer
   * has none: only NULL serves it (else ProtocolError), and it opens with its identity frame.
   */
  start(greeting: Greeting): void {
    const ours = this.mechanism.name;
    if (greeting.legacy !== undefined) {
      checkLegacyPeerAllowed(ours, greeting.legacy);
      this.legacy = greeting.legacy;
      return;
    }
    if (greeting.mechanism !== ours) {
      throw new ProtocolError(
        `security mechanism mismatch: peer uses ${greeting.mechanism || "(none)"}, we use ${ours}`,
        "ERR_ZMTP_MECHANISM_MISMATCH",
      );
    }
    const opening = this.mechanism.start(this);
    this.wire.flushNow();
    if (opening !== undefined) this.await(opening.then(() => false));
  }

  sendCommand(name: string, data: Uint8Array): void {
    this.wire.command(name, data);
  }

  sendCommandFrame(body: Uint8Array): void {
    this.wire.frame(FLAG_COMMAND, body);
  }

  /** A frame during the handshake: only commands are allowed. Throws ProtocolError for anything else. */
  onFrame(flags: number, body: Uint8Array): void {
    if (this.legacy !== undefined) {
      // RFC 13 §"The Connection Layer": the identity frame's flags are not validated.
      this.stop();
      this.host.handshakeDone(legacyPeer(this.legacy, body));
      return;
    }
    if ((flags & FLAG_COMMAND) === 0) {
      throw new ProtocolError("message frame received before the handshake completed", "ERR_ZMTP_UNEXPECTED_COMMAND");
    }
    const mechanism = this.mechanism;
    const command = mechanism.decodeCommand !== undefined ? mechanism.decodeCommand(body) : decodeCommand(body);
    const step = mechanism.onCommand(command, this);
    this.wire.flushNow();
    if (step === true) this.complete();
    else if (step !== false) this.await(step);
  }

  /** A step that finishes later: input waits undecoded until it settles; what it sent goes out then. */
  private await(step: Promise<boolean>): void {
    this.wire.pauseReading();
    step.then(
      (done) => {
        if (this.finished) return;
        this.wire.flushNow();
        if (done) this.complete();
        this.wire.resumeReading();
      },
      (err: unknown) => {
        if (this.finished) return;
        // A refusal may have sent ERROR (a ZAP denial): it goes out before the connection ends.
        this.wire.flushNow();
        this.fail(asError(err));
      },
    );
  }

  /** The connection ended: the timer stops, and a pending step is ignored when it settles. */
  stop(): void {
    this.finished = true;
    clearTimeout(this.timer);
  }

  private complete(): void {
    this.stop();
    this.host.handshakeDone();
  }

  private fail(error: Error): void {
    if (this.finished) return;
    this.stop();
    this.host.handshakeFailed(error);
  }
}
