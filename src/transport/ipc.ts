import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { Duplex } from "node:stream";
import { ZmqError } from "../errors.js";
import { parseEndpoint } from "./endpoint.js";
import { ReadRelay } from "./read-relay.js";
import type { Listener, StreamTransport } from "./stream-transport.js";
import { bindError } from "./tcp.js";

function ipcPath(endpoint: string): string {
  const parsed = parseEndpoint(endpoint);
  if (parsed.transport !== "ipc") throw new ZmqError("EINVAL", `Not an ipc endpoint: ${endpoint}`, endpoint);
  return parsed.path;
}

/** sockaddr_un's sun_path holds 108 octets on Linux (104 on macOS and the BSDs), a final NUL included. */
const MAX_PATH_OCTETS = process.platform === "linux" ? 107 : 103;

/**
 * libzmq writes `ipc://@name` for Linux's abstract namespace; Node wants a leading NUL. A path too long for
 * a Unix socket address is refused here: the system would quietly cut it, bind a file of another name and
 * leave it behind (libzmq answers ENAMETOOLONG).
 */
function socketPath(name: string, endpoint: string): string {
  if (Buffer.byteLength(name) > MAX_PATH_OCTETS) {
    throw new ZmqError("EINVAL", `ipc path longer than ${MAX_PATH_OCTETS} octets: ${endpoint}`, endpoint);
  }
  return name.startsWith("@") ? `\0${name.slice(1)}` : name;
}

/** Whether something is listening on the socket file (if not, the file is stale and may be replaced). */
function isLive(file: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect({ path: file });
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => {
      resolve(false);
    });
  });
}

async function removeStale(file: string, endpoint: string): Promise<void> {
  // Node reports a missing directory as EACCES; say what is wrong instead (libzmq: ENOENT).
  if (!fs.existsSync(path.dirname(path.resolve(file)))) {
    throw new ZmqError("ENOENT", `No such directory for the ipc socket: ${endpoint}`, endpoint);
  }
  let stat: fs.Stats;
  try {
    stat = await fs.promises.lstat(file);
  } catch {
    return;
  }
  if (!stat.isSocket()) throw new ZmqError("EADDRINUSE", `Path exists and is not a socket: ${endpoint}`, endpoint);
  if (await isLive(file)) throw new ZmqError("EADDRINUSE", `Address already in use: ${endpoint}`, endpoint);
  await fs.promises.rm(file, { force: true });
}

/**
 * Unix domain sockets (`ipc://`). Unlike some pure ports, this is a real ipc transport: a stale socket file
 * left by a dead process is replaced at bind, a live one is EADDRINUSE, the file is removed at unbind, and
 * `ipc://*` binds a fresh path in a new temporary directory (as libzmq does).
 */
export function ipcTransport(): StreamTransport {
  return {
    async listen(endpoint: string, onStream: (stream: Duplex) => void, onError?: (err: Error) => void): Promise<Listener> {
      const requested = ipcPath(endpoint);
      let name = requested;
      let tempDir: string | undefined;
      if (requested === "*") {
        tempDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "zmtp-"));
        name = path.join(tempDir, "socket");
      }
      const address = socketPath(name, endpoint);
      const abstract = name.startsWith("@");
      if (!abstract) await removeStale(name, endpoint);
      const server = net.createServer((socket) => {
        socket.unref();
        onStream(socket);
      });
      await new Promise<void>((resolve, reject) => {
        server.once("error", (err: NodeJS.ErrnoException) => {
          reject(bindError(err, endpoint));
        });
        server.listen({ path: address }, () => {
          resolve();
        });
      });
      server.on("error", (err: Error) => {
        // Accept errors after listening must not crash the process.
        onError?.(err);
      });
      // An open socket never keeps the process alive: neither its listener nor its connections do.
      server.unref();
      return {
        endpoint: `ipc://${name}`,
        close: () =>
          new Promise<void>((resolve) => {
            // net.Server unlinks the socket file itself when it closes; the temporary directory is ours.
            server.close(() => {
              if (tempDir !== undefined) fs.rmSync(tempDir, { recursive: true, force: true });
              resolve();
            });
          }),
      };
    },

    dial(endpoint: string): Duplex {
      const name = ipcPath(endpoint);
      if (name === "*") throw new ZmqError("EINVAL", `Cannot connect to a wildcard ipc path: ${endpoint}`, endpoint);
      // Unref'd (also while connecting): only pending calls and a lingering close keep the process alive.
      // Reads relayed: a large frame's body is read straight into its own buffer (read-relay.ts).
      const socket = ReadRelay.connect({ path: socketPath(name, endpoint) });
      socket.unref();
      return socket;
    },
  };
}
