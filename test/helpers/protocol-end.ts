/**
 * One side of a ZMTP connection driven below the socket layer, as a session drives it: the engine end of a
 * fresh pipe goes to the connection once the handshake is done, and the test holds the socket's end.
 */
import type { EngineConnection, EngineHandler } from "../../src/engine/engine-connection.js";
import type { ProtocolOptions } from "../../src/engine/protocol/zmtp-protocol.js";
import type { Mechanism } from "../../src/mechanism/mechanism.js";
import { NullMechanism } from "../../src/mechanism/null-mechanism.js";
import { Pipe, type PeerInfo } from "../../src/pipe/pipe.js";
import { EngineSide } from "../../src/session/engine-side.js";
import { ascii } from "./bytes.js";

/** The peer type each socket type accepts, for the tests' peer check. */
export const PEER_OF: Record<string, string> = { PUSH: "PULL", PULL: "PUSH", PUB: "SUB", SUB: "PUB", PAIR: "PAIR" };

export interface ProtocolEnd {
  connection: EngineConnection;
  /** The socket's end of the pipe the connection serves. */
  socketEnd: Pipe;
  /** The peer, once its handshake is done. */
  peer: PeerInfo | undefined;
  /** Every handler.closed error, in order. */
  closed: (Error | undefined)[];
}

export type StartConnection = (options: ProtocolOptions, handler: EngineHandler) => EngineConnection;

/** Starts one side as a socket of `type` (NULL unless `mechanism` is given). */
export function openProtocolEnd(type: string, start: StartConnection, mechanism?: Mechanism, handshakeInterval = 0): ProtocolEnd {
  const [socketEnd, engineEnd] = Pipe.forSocket(1000, 1000);
  const state = { socketEnd, peer: undefined, closed: [] } as unknown as ProtocolEnd;
  state.connection = start(
    {
      mechanism: mechanism ?? new NullMechanism([["Socket-Type", ascii(type)]]),
      handshakeInterval,
      checkPeer: (peer) => (peer.socketType === PEER_OF[type] ? undefined : `${type} cannot talk to ${peer.socketType}`),
      receivesSubscriptions: type === "PUB",
    },
    {
      ready: (connection, peer) => {
        state.peer = peer;
        socketEnd.peer = peer;
        const side = new EngineSide(engineEnd, () => {
          connection.close(undefined);
        });
        side.connection = connection;
        return engineEnd;
      },
      closed: (_connection, error) => {
        state.closed.push(error);
      },
    },
  );
  return state;
}
