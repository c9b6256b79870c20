/**
 * Majordomo Protocol definitions (the guide's mdp.h, chapter 4): the constants of MDP/0.1, RFC 7
 * (https://rfc.zeromq.org/spec/7/). Not a program: mdbroker, mdcliapi and mdwrkapi import it.
 */

//  This is the version of MDP/Client we implement
export const MDPC_CLIENT = "MDPC01";

//  This is the version of MDP/Worker we implement
export const MDPW_WORKER = "MDPW01";

//  MDP/Server commands, as strings
export const MDPW_READY = "\u0001";
export const MDPW_REQUEST = "\u0002";
export const MDPW_REPLY = "\u0003";
export const MDPW_HEARTBEAT = "\u0004";
export const MDPW_DISCONNECT = "\u0005";

/** Commands' names, for tracing: MDPS_COMMANDS[command byte]. */
export const MDPS_COMMANDS: readonly string[] = ["", "READY", "REQUEST", "REPLY", "HEARTBEAT", "DISCONNECT"];

/** The name of a command frame, for tracing. */
export function commandName(command: string | Buffer): string {
  const code = typeof command === "string" ? command.charCodeAt(0) : (command[0] ?? 0);
  return MDPS_COMMANDS[code] ?? "(invalid)";
}
