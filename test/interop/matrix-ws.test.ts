/**
 * Every valid socket pair with zmtp on one end and libzmq 4.3.5 (zeromq.js) on the other, over ws:// (ZWS 2.0,
 * RFC 45), each end binding in turn: see defineMatrix in helpers.ts.
 */
import { defineMatrix } from "./helpers.js";

defineMatrix("ws");
