/**
 * The security examples' authenticator: CZMQ's zauth actor as a ZAP handler (RFC 27). Like zauth, it binds
 * a ROUTER at inproc://zeromq.zap.01, where every server socket of the process that needs authentication
 * (PLAIN, CURVE, and NULL with a zapDomain) asks about each peer, and answers from the policy it was given:
 * an allowed or a blocked list of IP addresses; a passwords file for PLAIN; any client, or the certificates
 * in a directory, for CURVE. (zmtp's `authenticator` socket option would let a JavaScript function answer
 * instead, for one socket; these examples keep the guide's process-wide ZAP handler.) Not a program: the
 * examples import it.
 */
import fs from "node:fs";
import { Router, ZmqError, z85 } from "../../src/index.js";
import { loadCertificateStore } from "./zcert.js";

/** Allows any CURVE client: zauth's CURVE_ALLOW_ANY. */
export const CURVE_ALLOW_ANY = "*";
const ZAP_ENDPOINT = "inproc://zeromq.zap.01";

/** A ZAP request's fields (RFC 27 §"Request"), after the ROUTER's envelope. */
interface ZapRequest {
  sequence: Buffer;
  address: string;
  mechanism: string;
  username?: string;
  password?: string;
  clientKey?: string;
}

export class ZAuth {
  private verbose = false;
  private readonly allowlist = new Set<string>(); //  Allowed addresses
  private readonly blocklist = new Set<string>(); //  Blocked addresses
  private passwordsFile: string | undefined; //  PLAIN passwords, if any
  private curveLocation: string | undefined; //  CURVE_ALLOW_ANY, or the certificate store's directory
  private readonly handler = new Router(); //  ZAP handler socket

  private constructor() {}

  /** Starts an authenticator: binds the ZAP handler and serves requests until close(). */
  static async start(): Promise<ZAuth> {
    const auth = new ZAuth();
    await auth.handler.bind(ZAP_ENDPOINT);
    void auth.serve();
    return auth;
  }

  /** Prints what the authenticator decides ("VERBOSE"). */
  setVerbose(): void {
    this.verbose = true;
  }

  /** Allows these IP addresses, and refuses any other ("ALLOW"). */
  allow(...addresses: string[]): void {
    this.command("ALLOW");
    for (const address of addresses) {
      this.info(`zauth: - allowlisting ipaddress=${address}`);
      this.allowlist.add(address);
    }
  }

  /** Refuses these IP addresses ("DENY"); has no effect while there is an allowed list. */
  deny(...addresses: string[]): void {
    this.command("DENY");
    for (const address of addresses) {
      this.info(`zauth: - blocking ipaddress=${address}`);
      this.blocklist.add(address);
    }
  }

  /** Checks PLAIN clients against a passwords file of name=password lines ("PLAIN"). */
  plain(filename: string): void {
    this.command("PLAIN");
    this.passwordsFile = filename;
  }

  /** Allows CURVE clients: any (CURVE_ALLOW_ANY), or those with a certificate in the directory ("CURVE"). */
  curve(location: string): void {
    this.command("CURVE");
    this.curveLocation = location;
  }

  /** Stops answering: servers then have nobody to ask. */
  close(): void {
    this.handler.linger = 0;
    this.handler.close();
  }

  private async serve(): Promise<void> {
    try {
      for await (const [identity, delimiter, ...frames] of this.handler) {
        const request = this.parse(frames);
        if (request === undefined) continue; //  Not a ZAP request: no reply (RFC 27 leaves it to time out)
        const [status, text, userId, metadata] = this.authenticate(request);
        this.info(`zauth: - ZAP reply status_code=${status} status_text=${text}`);
        await this.handler.send([identity!, delimiter!, "1.0", request.sequence, status, text, userId, metadata]);
      }
    } catch (err) {
      if (!(this.handler.closed && err instanceof ZmqError)) throw err; //  A reply cut short by close()
    }
  }

  /** A ZAP request from its frames: version, sequence, domain, address, identity, mechanism, credentials. */
  private parse(frames: Buffer[]): ZapRequest | undefined {
    const [version, sequence, _domain, address, _identity, mechanism, ...credentials] = frames;
    if (String(version) !== "1.0" || mechanism === undefined) return undefined;
    const request: ZapRequest = { sequence: sequence!, address: String(address), mechanism: String(mechanism) };
    if (request.mechanism === "PLAIN") [request.username, request.password] = credentials.map(String);
    if (request.mechanism === "CURVE" && credentials[0]?.length === 32) request.clientKey = z85.encode(credentials[0]);
    this.info(`zauth: ZAP request mechanism=${request.mechanism} ipaddress=${request.address}`);
    return request;
  }

  /** zauth's decision: the address lists first, then the mechanism's own check. Returns the reply's fields. */
  private authenticate(request: ZapRequest): [string, string, string, Buffer] {
    //  Is address explicitly allowed or blocked?
    let allowed = false;
    let denied = false;
    let userId = "";
    let metadata: Buffer = Buffer.alloc(0);

    if (this.allowlist.size > 0) {
      allowed = this.allowlist.has(request.address);
      denied = !allowed;
      this.info(allowed ? `zauth: - passed (allowed list) address=${request.address}` : `zauth: - denied (not in allowed list) address=${request.address}`);
    } else if (this.blocklist.size > 0) {
      denied = this.blocklist.has(request.address);
      allowed = !denied;
      this.info(denied ? `zauth: - denied (blocked list) address=${request.address}` : `zauth: - passed (not in blocked list) address=${request.address}`);
    }
    //  Mechanism-specific checks
    if (!denied) {
      if (request.mechanism === "NULL" && !allowed) {
        //  For NULL, we allow if the address wasn't blocked
        this.info("zauth: - allowed (NULL)");
        allowed = true;
      } else if (request.mechanism === "PLAIN") {
        //  For PLAIN, even an allowed address must authenticate
        allowed = this.authenticatePlain(request);
        if (allowed) userId = request.username ?? "";
      } else if (request.mechanism === "CURVE") {
        //  For CURVE, even an allowed address must authenticate
        const certificate = this.authenticateCurve(request);
        allowed = certificate !== undefined;
        if (certificate !== undefined && certificate !== "any") {
          userId = request.clientKey!;
          metadata = encodeMetadata(certificate);
        }
      }
    }
    return allowed ? ["200", "OK", userId, metadata] : ["400", "No access", "", Buffer.alloc(0)];
  }

  private authenticatePlain(request: ZapRequest): boolean {
    if (this.passwordsFile === undefined) {
      this.info("zauth: - denied (PLAIN) no password file defined");
      return false;
    }
    //  The file is read at each request, so that changes to it apply at once (zauth refreshes it too)
    const passwords = new Map<string, string>();
    for (const line of fs.readFileSync(this.passwordsFile, "utf8").split("\n")) {
      const entry = /^([^#=\s][^=]*)=(.*)$/.exec(line.trim());
      if (entry !== null) passwords.set(entry[1]!, entry[2]!);
    }
    const ok = request.username !== undefined && passwords.get(request.username) === request.password;
    this.info(`zauth: - ${ok ? "allowed" : "denied"} (PLAIN) username=${request.username} password=${request.password}`);
    return ok;
  }

  /** The client's certificate metadata if it is allowed ("any" when any client is), else undefined. */
  private authenticateCurve(request: ZapRequest): Map<string, string> | "any" | undefined {
    if (this.curveLocation === CURVE_ALLOW_ANY) {
      this.info("zauth: - allowed (CURVE allow any client)");
      return "any";
    }
    //  The store is read at each request, so that certificates added to the directory count at once
    const certificate = this.curveLocation === undefined ? undefined : loadCertificateStore(this.curveLocation).get(request.clientKey ?? "");
    this.info(`zauth: - ${certificate === undefined ? "denied" : "allowed"} (CURVE) client_key=${request.clientKey}`);
    return certificate;
  }

  private command(name: string): void {
    this.info(`zauth: API command=${name}`);
  }

  /** CZMQ's zsys_info(), when verbose: "I: YY-MM-DD HH:MM:SS text". */
  private info(text: string): void {
    if (!this.verbose) return;
    const now = new Date();
    const two = (n: number): string => String(n).padStart(2, "0");
    const date = `${two(now.getFullYear() % 100)}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
    console.log(`I: ${date} ${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())} ${text}`);
  }
}

/** ZAP's metadata frame: properties in ZMTP's format (a name's length and name, a value's length and value). */
function encodeMetadata(properties: Map<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of properties) {
    const valueBytes = Buffer.from(value);
    const header = Buffer.alloc(1 + name.length + 4);
    header.writeUInt8(name.length);
    header.write(name, 1, "latin1");
    header.writeUInt32BE(valueBytes.length, 1 + name.length);
    parts.push(header, valueBytes);
  }
  return Buffer.concat(parts);
}
