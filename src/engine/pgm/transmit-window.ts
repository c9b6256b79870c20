import { addSqn, nextSqn, sqnDistance } from "./sequence.js";

/**
 * The source's transmit window (pgm/txw.c): the last `capacity` ODATA packets by sequence number, kept for
 * repairs. It starts with trail 0 and lead 0xFFFFFFFF (empty); each packet added takes the next sequence
 * number, and when the window is full the oldest goes and the trail advances.
 */
export class TransmitWindow {
  private readonly packets: (Uint8Array | undefined)[];
  private trailSqn = 0;
  private leadSqn = 0xffffffff;

  constructor(readonly capacity: number) {
    this.packets = new Array<Uint8Array | undefined>(capacity);
  }

  /** The oldest sequence number still held (or the next one, while empty). */
  get trail(): number {
    return this.trailSqn;
  }

  /** The newest sequence number sent (0xFFFFFFFF before the first). */
  get lead(): number {
    return this.leadSqn;
  }

  /** The sequence number the next packet takes. */
  get next(): number {
    return nextSqn(this.leadSqn);
  }

  /** How many packets are held. */
  get size(): number {
    return sqnDistance(this.leadSqn, this.trailSqn) + 1;
  }

  /** Holds `packet` as the next sequence number; drops the oldest when full. */
  add(packet: Uint8Array): number {
    const sqn = this.next;
    if (this.size === this.capacity) {
      this.packets[this.trailSqn % this.capacity] = undefined;
      this.trailSqn = nextSqn(this.trailSqn);
    }
    this.packets[sqn % this.capacity] = packet;
    this.leadSqn = sqn;
    return sqn;
  }

  /** The packet sent as `sqn`, if the window still holds it. */
  get(sqn: number): Uint8Array | undefined {
    const fromTrail = sqnDistance(sqn, this.trailSqn);
    if (fromTrail < 0 || fromTrail >= this.size) return undefined;
    return this.packets[addSqn(this.trailSqn, fromTrail) % this.capacity];
  }
}
