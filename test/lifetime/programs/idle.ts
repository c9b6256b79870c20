/** Sockets created and never used, never closed: the process exits. */
import { Pull, Push, Request } from "../../../src/index.js";

const sockets = [new Push(), new Pull(), new Request()];
console.log(`created ${sockets.length}`);
