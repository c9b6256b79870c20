/**
 * CURVE certificates, as the security examples need them from CZMQ's zcert and zcertstore: a key pair
 * with metadata, applied to a socket; its public part saved as a CZMQ public certificate file; and a
 * directory of such files read as a store of known public keys. Not a program: the examples import it.
 */
import fs from "node:fs";
import path from "node:path";
import { curveKeyPair } from "../../src/index.js";

/** What a socket needs for zcert_apply(): its own CURVE keys. */
interface CurveKeyed {
  curvePublicKey: string | null;
  curveSecretKey: string | null;
}

export class Certificate {
  readonly publicKey: string;
  readonly secretKey: string;
  readonly metadata = new Map<string, string>();

  /** A new certificate: a fresh key pair (zcert_new). */
  constructor() {
    ({ publicKey: this.publicKey, secretKey: this.secretKey } = curveKeyPair());
  }

  /** Gives a socket this certificate's keys (zcert_apply). */
  apply(socket: CurveKeyed): void {
    socket.curvePublicKey = this.publicKey;
    socket.curveSecretKey = this.secretKey;
  }

  /**
   * Saves the public part in CZMQ's certificate format (zcert_save_public): ZPL, a "metadata" section and
   * a "curve" section with the public key in Z85. The secret key never goes in this file.
   */
  savePublic(filename: string): void {
    const lines = [
      `#   ****  Generated on ${new Date().toISOString().slice(0, 19).replace("T", " ")} by the zmtp examples  ****`,
      "#   ZeroMQ CURVE Public Certificate",
      "#   Exchange securely, or use a secure mechanism to verify the contents",
      "#   of this file after exchange. Store public certificates in your home",
      "#   directory, in the .curve subdirectory.",
      "",
      "metadata",
      ...[...this.metadata].map(([name, value]) => `    ${name} = "${value}"`),
      "curve",
      `    public-key = "${this.publicKey}"`,
      "",
    ];
    fs.writeFileSync(filename, lines.join("\n"));
  }
}

/**
 * A certificate store (zcertstore): the public keys of the certificates in a directory, each with its
 * metadata. Reads the CZMQ format above; a file without a public key is skipped, as are secret files.
 */
export function loadCertificateStore(directory: string): Map<string, Map<string, string>> {
  const store = new Map<string, Map<string, string>>();
  if (!fs.existsSync(directory)) return store;
  for (const name of fs.readdirSync(directory)) {
    if (name.endsWith("_secret")) continue;
    const file = path.join(directory, name);
    if (!fs.statSync(file).isFile()) continue;
    let section = "";
    let publicKey: string | undefined;
    const metadata = new Map<string, string>();
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
      if (line.startsWith("#") || line.trim() === "") continue;
      const entry = /^\s+([\w-]+)\s*=\s*"(.*)"\s*$/.exec(line);
      if (entry === null) section = line.trim();
      else if (section === "curve" && entry[1] === "public-key") publicKey = entry[2];
      else if (section === "metadata") metadata.set(entry[1]!, entry[2]!);
    }
    if (publicKey !== undefined) store.set(publicKey, metadata);
  }
  return store;
}
