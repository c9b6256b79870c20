/**
 * Test kit for PLAIN and ZAP mechanisms: a CommandWriter that writes down what a mechanism sends (raw
 * command frames too), verdicts, and ZapAuthorize hooks that answer at once or when the test says.
 */
import type { Command } from "../../src/codec/command.js";
import type { CommandWriter } from "../../src/mechanism/mechanism.js";
import type { ZapAuthorize, ZapRequest, ZapStatusCode, ZapVerdict } from "../../src/mechanism/zap.js";
import { ascii, hex } from "../helpers/bytes.js";

export interface Sent {
  /** The command's name, or "(raw)" for a frame sent whole through sendCommandFrame. */
  name: string;
  /** Its data (raw: the whole body), as hex. */
  data: string;
}

/** Writes down every command, in order. `raw: false` leaves out sendCommandFrame, as a minimal writer. */
export class CommandLog implements CommandWriter {
  readonly sent: Sent[] = [];
  sendCommandFrame?: (body: Uint8Array) => void;

  constructor(raw = true) {
    if (raw) this.sendCommandFrame = (body) => this.sent.push({ name: "(raw)", data: hex(body) });
  }

  sendCommand(name: string, data: Uint8Array): void {
    this.sent.push({ name, data: hex(data) });
  }
}

export const command = (name: string, data: Uint8Array = new Uint8Array(0)): Command => ({ name, data });

export function verdict(statusCode: ZapStatusCode, extra: Partial<ZapVerdict> = {}): ZapVerdict {
  return { statusCode, statusText: statusCode === 200 ? "OK" : "No", userId: new Uint8Array(0), metadata: new Map(), ...extra };
}

export const ALLOW = verdict(200, { userId: ascii("alice") });

/** An authorize hook that answers every request with `answer` (undefined: nobody to ask), recording them. */
export function answering(answer: ZapVerdict | undefined | Error): ZapAuthorize & { requests: ZapRequest[] } {
  const requests: ZapRequest[] = [];
  const authorize = (request: ZapRequest): Promise<ZapVerdict | undefined> => {
    requests.push(request);
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  };
  return Object.assign(authorize, { requests });
}

/** An authorize hook whose answer the test gives later with `answer(verdict)`. */
export function deferred(): ZapAuthorize & { requests: ZapRequest[]; answer(verdict: ZapVerdict | undefined): void } {
  const requests: ZapRequest[] = [];
  let settle: ((verdict: ZapVerdict | undefined) => void) | undefined;
  const authorize = (request: ZapRequest): Promise<ZapVerdict | undefined> => {
    requests.push(request);
    return new Promise((resolve) => (settle = resolve));
  };
  return Object.assign(authorize, {
    requests,
    answer(verdict: ZapVerdict | undefined) {
      if (settle === undefined) throw new Error("nobody asked yet");
      settle(verdict);
    },
  });
}

/** Settles a promise-or-value step and reports how it ended. */
export async function outcome<T>(step: T | Promise<T>): Promise<{ value?: T; error?: Error }> {
  try {
    return { value: await step };
  } catch (err) {
    return { error: err as Error };
  }
}
