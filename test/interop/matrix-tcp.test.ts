/**
 * Every valid socket pair with zmtp on one end and libzmq (zeromq.js) on the other, over tcp:
 * see defineMatrix in helpers.ts.
 */
import { defineMatrix } from "./helpers.js";

defineMatrix("tcp");
