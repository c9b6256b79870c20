import type { SocketEvent } from "../../src/events.js";
import { socketEvents } from "../../src/sockets/socket-events.js";

/** Records every event of a zmtp socket as it comes (the socket's monitor sink, listened to directly). */
export function recordEvents(socket: object): SocketEvent[] {
  const events: SocketEvent[] = [];
  socketEvents(socket).listen((event) => events.push(event));
  return events;
}
