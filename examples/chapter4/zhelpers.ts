/**
 * The few CZMQ helpers chapter 4's Majordomo and Titanic programs print with: zclock_log() (a line stamped
 * with the date and time) and zmsg_dump() (a message, frame by frame). Not a program: the others import it.
 */

const two = (n: number): string => String(n).padStart(2, "0");

/** CZMQ's zclock_log(): "YY-MM-DD HH:MM:SS text" on stdout. */
export function log(text: string): void {
  const now = new Date();
  const date = `${two(now.getFullYear() % 100)}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
  const time = `${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}`;
  console.log(`${date} ${time} ${text}`);
}

/** CZMQ's zmsg_dump(): each frame with its size, as text if it is printable, else as hex, on stderr. */
export function dump(message: readonly Buffer[]): void {
  console.error("--------------------------------------");
  for (const frame of message) {
    const isText = frame.every((byte) => byte >= 32 && byte <= 126);
    const data = isText ? frame.toString("latin1") : frame.toString("hex").toUpperCase();
    console.error(`[${String(frame.length).padStart(3, "0")}] ${data}`);
  }
}
