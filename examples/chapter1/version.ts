/**
 * Reports the ZeroMQ version (the guide's version, chapter 1).
 *
 *   npx tsx examples/chapter1/version.ts
 *
 * zmtp is not a binding of libzmq: its `version` is that of the libzmq release whose behaviour it follows
 * and is tested against (zeromq.js reports the libzmq it was built with the same way).
 */
import { version } from "../../src/index.js";

const [major, minor, patch] = version.split(".").map(Number);
console.log(`Current 0MQ version is ${major}.${minor}.${patch}`);
