/**
 * Binary Star server (the guide's bstarsrv, chapter 4): the proof of concept of the Binary Star failover
 * model. Two servers, a primary and a backup, tell each other their state over PUB/SUB once a second; one
 * is active and answers clients (it echoes their requests), the other passive. When the passive one gets a
 * client request and has not heard from its peer for two heartbeats, it takes over: it is the client vote
 * that triggers failover.
 *
 *   npx tsx examples/chapter4/bstarsrv.ts -p    # primary: clients on tcp://*:5001, state out on 5003, in from 5004
 *   npx tsx examples/chapter4/bstarsrv.ts -b    # backup: clients on tcp://*:5002, state out on 5004, in from 5003
 *
 * Pairs with bstarcli.ts. Kill the primary to provoke failover; restart it and kill the backup for
 * recovery. PRIMARY_ENDPOINT and BACKUP_ENDPOINT move the client endpoints, PRIMARY_STATE_ENDPOINT and
 * BACKUP_STATE_ENDPOINT the state endpoints (each server binds its own and connects to its peer's, at
 * localhost for a tcp://*:port value: give both servers the same values); HEARTBEAT_MS sets the heartbeat
 * (default 1000). Runs until Ctrl-C (SIGINT) or SIGTERM, or until its peer is in the same state (a fatal
 * error).
 */
import { Publisher, Router, Subscriber } from "../../src/index.js";

const HEARTBEAT = Number(process.env.HEARTBEAT_MS ?? 1000); //  In msecs; if peer doesn't respond in two, it is 'dead'

//  States we can be in at any point in time (numbers: they are what the servers tell each other)
const State = {
  Primary: 1, //  Primary, waiting for peer to connect
  Backup: 2, //  Backup, waiting for peer to connect
  Active: 3, //  Active - accepting connections
  Passive: 4, //  Passive - not accepting connections
} as const;
type State = (typeof State)[keyof typeof State];

//  Events, which start with the states our peer can be in
const Event = {
  PeerPrimary: 1, //  HA peer is pending primary
  PeerBackup: 2, //  HA peer is pending backup
  PeerActive: 3, //  HA peer is active
  PeerPassive: 4, //  HA peer is passive
  ClientRequest: 5, //  Client makes request
} as const;

/**
 * The heart of the Binary Star design, its finite-state machine: it runs one event at a time, applying it
 * to the current state, which checks if the event is accepted, and if so, sets a new state.
 */
class BinaryStar {
  peerExpiry = 0; //  When peer is considered 'dead'

  constructor(public state: State) {}

  /** Applies an event; true if it is an exception (the request is refused, or a fatal error). */
  apply(event: number): boolean {
    let exception = false;
    //  These are the PRIMARY and BACKUP states; we're waiting to become ACTIVE or PASSIVE depending on
    //  events we get from our peer:
    if (this.state === State.Primary) {
      if (event === Event.PeerBackup) {
        console.log("I: connected to backup (passive), ready active");
        this.state = State.Active;
      } else if (event === Event.PeerActive) {
        console.log("I: connected to backup (active), ready passive");
        this.state = State.Passive;
      }
      //  Accept client connections
    } else if (this.state === State.Backup) {
      if (event === Event.PeerActive) {
        console.log("I: connected to primary (active), ready passive");
        this.state = State.Passive;
      } else if (event === Event.ClientRequest) {
        //  Reject client connections when acting as backup
        exception = true;
      }
    } else if (this.state === State.Active) {
      //  These are the ACTIVE and PASSIVE states:
      if (event === Event.PeerActive) {
        //  Two actives would mean split-brain
        console.log("E: fatal error - dual actives, aborting");
        exception = true;
      }
    } else if (this.state === State.Passive) {
      //  Server is passive; CLIENT_REQUEST events can trigger failover if peer looks dead
      if (event === Event.PeerPrimary) {
        //  Peer is restarting - become active, peer will go passive
        console.log("I: primary (passive) is restarting, ready active");
        this.state = State.Active;
      } else if (event === Event.PeerBackup) {
        //  Peer is restarting - become active, peer will go passive
        console.log("I: backup (passive) is restarting, ready active");
        this.state = State.Active;
      } else if (event === Event.PeerPassive) {
        //  Two passives would mean cluster would be non-responsive
        console.log("E: fatal error - dual passives, aborting");
        exception = true;
      } else if (event === Event.ClientRequest) {
        //  Peer becomes active if timeout has passed. It's the client request that triggers the failover
        if (Date.now() >= this.peerExpiry) {
          //  If peer is dead, switch to the active state
          console.log("I: failover successful, ready active");
          this.state = State.Active;
        } else {
          //  If peer is alive, reject connections
          exception = true;
        }
      }
    }
    return exception;
  }
}

//  Arguments can be either of:
//      -p  primary server, at tcp://localhost:5001
//      -b  backup server, at tcp://localhost:5002
const primary = process.env.PRIMARY_ENDPOINT ?? "tcp://*:5001";
const backup = process.env.BACKUP_ENDPOINT ?? "tcp://*:5002";
const primaryState = process.env.PRIMARY_STATE_ENDPOINT ?? "tcp://*:5003";
const backupState = process.env.BACKUP_STATE_ENDPOINT ?? "tcp://*:5004";
//  Each server connects to its peer's state endpoint: the guide's tcp://localhost:..., unless moved
const connectable = (endpoint: string): string => endpoint.replace("tcp://*:", "tcp://localhost:");

const statepub = new Publisher();
const statesub = new Subscriber();
statesub.subscribe();
const frontend = new Router();
let fsm: BinaryStar;

if (process.argv.length === 3 && process.argv[2] === "-p") {
  console.log("I: Primary active, waiting for backup (passive)");
  await frontend.bind(primary);
  await statepub.bind(primaryState);
  statesub.connect(connectable(backupState));
  fsm = new BinaryStar(State.Primary);
} else if (process.argv.length === 3 && process.argv[2] === "-b") {
  console.log("I: Backup passive, waiting for primary (active)");
  await frontend.bind(backup);
  await statepub.bind(backupState);
  statesub.connect(connectable(primaryState));
  fsm = new BinaryStar(State.Backup);
} else {
  console.log("Usage: bstarsrv { -p | -b }");
  process.exit(0);
}

//  We now process events on our two input sockets, and process these events one at a time via our
//  finite-state machine. Our "work" for a client request is simply to echo it back. Each socket has its
//  loop, and a timer sends our state to our peer once a heartbeat.
const sendState = setInterval(() => {
  void statepub.send(String(fsm.state)).catch(() => undefined); //  Fails only once closed
}, HEARTBEAT);

let interrupted = false;
function shutDown(): void {
  clearInterval(sendState);
  //  linger 0, as CZMQ closes its sockets: a state message or reply in flight is dropped
  for (const socket of [frontend, statesub, statepub]) {
    socket.linger = 0;
    socket.close();
  }
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    shutDown();
  });
}

async function serveClients(): Promise<void> {
  for await (const request of frontend) {
    //  Answer client by echoing request back, unless the state machine refuses it
    if (!fsm.apply(Event.ClientRequest)) await frontend.send(request);
  }
}

async function followPeer(): Promise<void> {
  for await (const [message] of statesub) {
    //  Have state from our peer, execute as event
    if (fsm.apply(Number(String(message)))) {
      shutDown(); //  Error, so exit
      return;
    }
    fsm.peerExpiry = Date.now() + 2 * HEARTBEAT;
  }
}

//  A reply cut short by Ctrl-C (or by a fatal error) fails; that is expected then.
await Promise.all(
  [serveClients(), followPeer()].map((task) =>
    task.catch((err: unknown) => {
      if (!frontend.closed) throw err;
    }),
  ),
);
if (interrupted) console.log("W: interrupted");
