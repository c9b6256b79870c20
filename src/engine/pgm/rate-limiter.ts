/**
 * A token bucket after OpenPGM's (pgm/rate_control.c `pgm_rate_create`, `pgm_rate_check2`): refilled
 * continuously at `bytesPerSecond`, and it starts full. A packet costs its size plus the IP and UDP headers,
 * and is sent only when the bucket holds its cost. OpenPGM's bucket holds a millisecond's worth when that is
 * at least one TPDU, else a second's worth; here the first case holds 4 ms' worth, since Node's timers wake
 * a millisecond or two late and a 1 ms bucket would then cost a quarter of the rate. Never less than one
 * TPDU (OpenPGM asserts instead).
 */
export class RateLimiter {
  private tokens: number;
  private readonly capacity: number;
  private last: number;

  constructor(
    private readonly bytesPerSecond: number,
    maxTpdu: number,
    now: number,
  ) {
    const perMillisecond = bytesPerSecond / 1000;
    this.capacity = Math.max(maxTpdu, perMillisecond >= maxTpdu ? Math.min(bytesPerSecond, perMillisecond * 4) : bytesPerSecond);
    this.tokens = this.capacity;
    this.last = now;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.bytesPerSecond) / 1000);
      this.last = now;
    }
  }

  /** Takes `cost` octets' worth if the bucket holds them. */
  tryTake(cost: number, now: number): boolean {
    this.refill(now);
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }

  /** Milliseconds until `cost` octets' worth will be there (at least 1). */
  delayFor(cost: number, now: number): number {
    this.refill(now);
    return Math.max(1, Math.ceil(((cost - this.tokens) * 1000) / this.bytesPerSecond));
  }
}
