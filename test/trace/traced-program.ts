/**
 * A program run in a child process by zmtp-debug.test.ts with ZMTP_DEBUG set: a PUSH sends one two-frame
 * message to a PULL over the transport named in argv (tcp or ipc), then both close and the program exits.
 * What the frame tracer prints goes to stderr; stdout gets only "received …".
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Pull, Push } from "../../src/index.js";

const transport = process.argv[2] ?? "tcp";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmtp-trace-"));
const endpoint = transport === "ipc" ? `ipc://${path.join(dir, "trace.sock")}` : "tcp://127.0.0.1:*";

const pull = new Pull({ linger: 0 });
await pull.bind(endpoint);
const push = new Push({ linger: 0 });
push.connect(pull.lastEndpoint!);
await push.send(["hello", Buffer.from([0, 1, 2, 255])]);
const frames = await pull.receive();
process.stdout.write(`received ${frames.map((frame) => frame.toString("hex")).join(" ")}\n`);
await push.closeAndWait();
await pull.closeAndWait();
fs.rmSync(dir, { recursive: true, force: true });
